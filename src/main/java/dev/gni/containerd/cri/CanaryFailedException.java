package dev.gni.containerd.cri;

/** The canary pod sandbox did not become ready; the message carries CRI's own error text. */
public final class CanaryFailedException extends RuntimeException {
  public CanaryFailedException(String message) {
    super(message);
  }
}
