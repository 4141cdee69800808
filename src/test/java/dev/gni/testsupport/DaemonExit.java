package dev.gni.testsupport;

import java.util.Map;

/** Describes how a daemon process ended, from its exit value (128 + N when signal N killed it). */
final class DaemonExit {
  private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL",
      11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");

  private DaemonExit() {
  }

  /** e.g. {@code exit 137 (killed by signal 9, SIGKILL)} or {@code exit 2}. */
  static String describe(int exitValue) {
    if (exitValue > 128 && exitValue < 160) {
      int sig = exitValue - 128;
      return "exit " + exitValue + " (killed by signal " + sig + ", " + SIGNALS.getOrDefault(sig, "SIG" + sig) + ")";
    }
    return "exit " + exitValue;
  }
}
