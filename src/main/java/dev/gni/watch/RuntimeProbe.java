package dev.gni.watch;

/** One check of the node: is gVisor still live and configured? Never throws. */
@FunctionalInterface
public interface RuntimeProbe {
  Health check();

  /** Waits up to {@code timeout} for containerd to answer CRI again; true if it did. */
  default boolean awaitContainerd(java.time.Duration timeout) {
    return true;
  }
}
