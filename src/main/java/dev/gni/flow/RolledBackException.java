package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** containerd did not come back healthy with the runtime; the previous config was restored and is live. */
public final class RolledBackException extends RuntimeException implements ExitStatus {
  public RolledBackException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.NOT_LIVE;
  }
}
