package dev.gni.flow;

/** containerd did not come back healthy with the runtime; the previous config was restored and is live. */
public final class RolledBackException extends RuntimeException {
  public RolledBackException(String message) {
    super(message);
  }
}
