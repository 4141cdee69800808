package dev.gni.config;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The command line or an environment variable is not valid. */
public final class UsageException extends RuntimeException implements ExitStatus {
  public UsageException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.USAGE;
  }
}
