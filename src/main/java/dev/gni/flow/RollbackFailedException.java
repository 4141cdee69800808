package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The change failed and restoring the previous config failed too; the message says where the backup is. */
public final class RollbackFailedException extends RuntimeException implements ExitStatus {
  public RollbackFailedException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.ROLLBACK_FAILED;
  }
}
