package dev.gni.host;

/** The host filesystem refused a write because it is mounted read-only. */
public final class ReadOnlyHostException extends HostAccessException {
  public ReadOnlyHostException(String message, Throwable cause) {
    super(message, cause);
  }
}
