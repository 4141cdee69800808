package dev.gni.binaries;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The gVisor release folder is incomplete, tampered with, or not for this host. Nothing was installed. */
public final class ReleaseVerificationException extends RuntimeException implements ExitStatus {
  public ReleaseVerificationException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
