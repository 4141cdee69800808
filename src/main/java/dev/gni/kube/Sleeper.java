package dev.gni.kube;

import java.time.Duration;

/** Waits between retries; tests pass one that only records the waits. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
