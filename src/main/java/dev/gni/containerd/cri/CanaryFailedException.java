package dev.gni.containerd.cri;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The canary pod sandbox did not become ready; the message carries CRI's own error text. */
public final class CanaryFailedException extends RuntimeException implements ExitStatus {
  public CanaryFailedException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.CANARY_FAILED;
  }
}
