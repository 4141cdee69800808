package dev.gni.containerd.cri;

/** A CRI call failed or its reply could not be read; the message carries the runtime's own error text. */
public class CriException extends RuntimeException {
  public CriException(String message) {
    super(message);
  }

  public CriException(String message, Throwable cause) {
    super(message, cause);
  }
}
