package dev.gni.cli;

import dev.gni.config.RunConfig;
import java.io.PrintStream;

/** Builds the real components for a run and dispatches to the flow for the command. */
final class Commands {
  private Commands() {
  }

  static ExitCode run(RunConfig config, PrintStream out) {
    throw new UnsupportedOperationException("flows not wired yet");
  }
}
