package dev.gni.distro;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The distribution or OS cannot be supported by editing files; the message says what to do instead. */
public final class UnsupportedHostException extends RuntimeException implements ExitStatus {
  public UnsupportedHostException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.HOST_REFUSED;
  }
}
