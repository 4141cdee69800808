package dev.gni.containerd.cri;

/** The CRI socket did not answer within the allowed time. */
public final class CriTimeoutException extends CriException {
  public CriTimeoutException(String message) {
    super(message);
  }
}
