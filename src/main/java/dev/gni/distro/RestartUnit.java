package dev.gni.distro;

import dev.gni.host.HostExec;
import dev.gni.host.HostFiles;
import java.time.Duration;
import java.util.List;

/**
 * Which systemd unit restarts containerd. A distribution with one candidate uses it. With several (k3s or
 * k3s-agent, rke2-server or rke2-agent) the host is asked, through the host command channel,
 * {@code systemctl is-active <unit>} for each: the first active one wins, since only the running service
 * restarts containerd. If none answers active (systemd unreachable), the first with a unit file on the host
 * wins, else the first candidate.
 */
public final class RestartUnit {
  private RestartUnit() {
  }

  public static String choose(Distribution dist, HostExec exec, HostFiles host) {
    List<String> units = dist.restartUnits();
    if (units.size() == 1) {
      return units.get(0);
    }
    for (String u : units) {
      HostExec.ExecResult r = exec.run(List.of("systemctl", "is-active", u), Duration.ofSeconds(10));
      if (r.ok() && r.stdout().strip().equals("active")) {
        return u;
      }
    }
    for (String u : units) {
      for (String dir : Detector.UNIT_DIRS) {
        if (host.exists(dir + "/" + u + ".service")) {
          return u;
        }
      }
    }
    return units.get(0);
  }
}
