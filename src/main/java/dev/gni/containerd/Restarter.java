package dev.gni.containerd;

import dev.gni.host.HostExec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts containerd through the host command channel: {@code systemctl restart <unit>}, or any host
 * command. Never SIGHUP: containerd exits on SIGHUP instead of reloading.
 */
public interface Restarter {
  Restarter NONE = new Restarter() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void restart() {
    }

    @Override
    public String describe() {
      return "none";
    }
  };

  boolean enabled();

  /**
   * Throws {@link RestartFailedException} with the command's own error line when it fails, and
   * {@link RestartRefusedException} when it was deliberately not tried (see {@link SystemdRestarter}).
   */
  void restart();

  String describe();

  static Restarter systemd(HostExec exec, String unit, Duration timeout) {
    return systemd(exec, unit, timeout, false);
  }

  /** @param allowContainerKill restart even when the unit's KillMode kills running containers */
  static Restarter systemd(HostExec exec, String unit, Duration timeout, boolean allowContainerKill) {
    return new SystemdRestarter(exec, unit, timeout, allowContainerKill);
  }

  static Restarter command(HostExec exec, List<String> argv, Duration timeout) {
    List<String> cmd = new ArrayList<>(argv);
    return new Restarter() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void restart() {
        HostExec.ExecResult r = exec.run(cmd, timeout);
        if (!r.ok()) {
          throw new RestartFailedException(String.join(" ", exec.commandLine(cmd)) + " failed: " + r.firstErrorLine());
        }
      }

      @Override
      public String describe() {
        return String.join(" ", exec.commandLine(cmd));
      }
    };
  }

  /** The restart command failed. */
  final class RestartFailedException extends RuntimeException {
    public RestartFailedException(String message) {
      super(message);
    }
  }
}
