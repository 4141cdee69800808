package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** uninstall refused because pods run in gVisor on this node; nothing was changed. */
public class UninstallBlockedException extends RuntimeException implements ExitStatus {
  public UninstallBlockedException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.UNINSTALL_BLOCKED;
  }
}
