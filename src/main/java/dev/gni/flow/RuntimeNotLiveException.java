package dev.gni.flow;

/** After install the running containerd does not serve the runtime, and nothing was left to roll back. */
public final class RuntimeNotLiveException extends RuntimeException {
  public RuntimeNotLiveException(String message) {
    super(message);
  }
}
