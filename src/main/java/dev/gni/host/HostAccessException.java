package dev.gni.host;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** A host file or process could not be accessed or changed. */
public class HostAccessException extends RuntimeException implements ExitStatus {
  public HostAccessException(String message) {
    super(message);
  }

  public HostAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.HOST_REFUSED;
  }
}
