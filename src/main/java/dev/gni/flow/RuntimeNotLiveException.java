package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** After install the running containerd does not serve the runtime, and nothing was left to roll back. */
public final class RuntimeNotLiveException extends RuntimeException implements ExitStatus {
  public RuntimeNotLiveException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.NOT_LIVE;
  }
}
