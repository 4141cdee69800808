package dev.gni.host;

/** A host file or process could not be accessed or changed. */
public class HostAccessException extends RuntimeException {
  public HostAccessException(String message) {
    super(message);
  }

  public HostAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
