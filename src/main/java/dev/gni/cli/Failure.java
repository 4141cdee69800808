package dev.gni.cli;

import dev.gni.config.UsageException;
import dev.gni.host.HostAccessException;
import dev.gni.host.HostPathEscapeException;
import dev.gni.host.ReadOnlyHostException;

/** The one place that maps an exception type to an exit code and a one-line message. */
record Failure(ExitCode code, String message) {
  static Failure of(Throwable e) {
    String msg = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    ExitCode code = ExitCodes.forException(e);
    if (code == ExitCode.INTERNAL && e.getCause() != null) { // e.g. a library's "An error has occurred."
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      msg = oneLine(msg + ": " + root);
    }
    return new Failure(code, msg);
  }

  private static String oneLine(String s) {
    String first = s.strip().split("\\R", 2)[0];
    return first.length() > 600 ? first.substring(0, 600) + "..." : first;
  }

  /** Exception type to exit code; subpackages register nothing here, the mapping is explicit. */
  static final class ExitCodes {
    private ExitCodes() {
    }

    static ExitCode forException(Throwable e) {
      String type = e.getClass().getName();
      if (e instanceof UsageException) {
        return ExitCode.USAGE;
      }
      if (e instanceof ReadOnlyHostException || e instanceof HostPathEscapeException) {
        return ExitCode.HOST_REFUSED;
      }
      return switch (type) {
        case "dev.gni.containerd.config.ConfigRefusedException",
             "dev.gni.containerd.config.InvalidConfigException",
             "dev.gni.binaries.ReleaseVerificationException" -> ExitCode.INVALID_INPUT;
        case "dev.gni.flow.PreflightException", "dev.gni.distro.UnsupportedHostException" -> ExitCode.HOST_REFUSED;
        case "dev.gni.flow.RolledBackException", "dev.gni.flow.RuntimeNotLiveException" -> ExitCode.NOT_LIVE;
        case "dev.gni.flow.RollbackFailedException" -> ExitCode.ROLLBACK_FAILED;
        case "dev.gni.containerd.RestartRefusedException" -> ExitCode.RESTART_REFUSED;
        case "dev.gni.containerd.cri.CanaryFailedException" -> ExitCode.CANARY_FAILED;
        case "dev.gni.kube.KubeApiException" -> ExitCode.KUBERNETES;
        default -> e instanceof HostAccessException ? ExitCode.HOST_REFUSED : ExitCode.INTERNAL;
      };
    }
  }
}
