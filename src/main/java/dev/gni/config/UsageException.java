package dev.gni.config;

/** The command line or an environment variable is not valid. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
