package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The run stopped at a step boundary because the process was asked to terminate (SIGTERM). */
public class TerminatedException extends RuntimeException implements ExitStatus {
  public TerminatedException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.TERMINATED;
  }
}
