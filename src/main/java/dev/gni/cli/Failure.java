package dev.gni.cli;

import dev.gni.containerd.cri.CanaryFailedException;
import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/**
 * The one place that turns an exception into an exit code and a one-line message. The code comes from the
 * exception's type: each failure type declares it by implementing {@link ExitStatus}; anything else is
 * {@link ExitCode#INTERNAL}, and its message then names the root cause.
 */
record Failure(ExitCode code, String message) {
  static Failure of(Throwable e) {
    String msg = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    ExitCode code = codeOf(e);
    if (code == ExitCode.INTERNAL && e.getCause() != null) { // e.g. a library's "An error has occurred."
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      msg = oneLine(msg + ": " + root);
    }
    return new Failure(code, msg);
  }

  static ExitCode codeOf(Throwable e) {
    if (e instanceof ExitStatus s) {
      return s.exitCode();
    }
    // The canary failure (containerd.cri) is mapped here by type until it declares its code itself.
    return e instanceof CanaryFailedException ? ExitCode.CANARY_FAILED : ExitCode.INTERNAL;
  }

  private static String oneLine(String s) {
    String first = s.strip().split("\\R", 2)[0];
    return first.length() > 600 ? first.substring(0, 600) + "..." : first;
  }
}
