package dev.gni.containerd.cri;

import java.time.Duration;

/** Runs a throw-away pod sandbox with a runtime handler, to prove pods really start in it. */
public interface Canary {
  /** @return how long it took; throws {@link CanaryFailedException} with CRI's own error text on failure */
  Duration run(String handler, Duration timeout);
}
