package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The host does not meet a requirement checked before any change. Nothing was changed. */
public final class PreflightException extends RuntimeException implements ExitStatus {
  public PreflightException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.HOST_REFUSED;
  }
}
