package dev.gni.flow;

/** The host does not meet a requirement checked before any change. Nothing was changed. */
public final class PreflightException extends RuntimeException {
  public PreflightException(String message) {
    super(message);
  }
}
