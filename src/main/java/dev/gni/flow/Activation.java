package dev.gni.flow;

import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.LiveView;
import dev.gni.containerd.config.RuntimeSpec;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a written config take effect: restart containerd (only when needed), wait for its CRI socket with
 * bounded backoff, and require the runtime live. On failure, hand over to the rollback.
 */
final class Activation {
  private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

  private final Node node;
  private final String runtime;
  private final Duration timeout;

  Activation(Node node, String runtime, Duration timeout) {
    this.node = node;
    this.runtime = runtime;
    this.timeout = timeout;
  }

  /** @return the live view after activation; throws {@link ActivationFailed} when containerd is not healthy */
  LiveView restartAndCheck(String why) {
    Restarter r = node.restarter();
    LOG.info("restarting containerd ({}): {}", why, r.describe());
    node.checkpoints().reach("before restart");
    Instant start = Instant.now();
    try {
      r.restart();
    } catch (Restarter.RestartFailedException e) {
      throw new ActivationFailed(e.getMessage());
    }
    node.checkpoints().reach("after restart");
    if (!node.containerd().awaitServing(timeout)) {
      throw new ActivationFailed("containerd's CRI socket did not answer within " + timeout.toSeconds() + "s");
    }
    LiveView live = node.containerd().live();
    LOG.info("containerd is serving again after {} ms", Duration.between(start, Instant.now()).toMillis());
    if (!live.runtimeReady()) {
      throw new ActivationFailed("containerd's CRI runtime is not ready" + live.error().map(e -> ": " + e).orElse(""));
    }
    if (!live.serves(runtime, RuntimeSpec.RUNSC_TYPE)) {
      throw new ActivationFailed("containerd is up but runtime '" + runtime + "' is not loaded (live runtimes: "
          + live.runtimes() + ")");
    }
    return live;
  }

  /** containerd did not come back healthy with the runtime. */
  static final class ActivationFailed extends RuntimeException {
    ActivationFailed(String message) {
      super(message);
    }
  }
}
