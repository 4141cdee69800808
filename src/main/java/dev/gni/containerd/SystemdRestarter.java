package dev.gni.containerd;

import dev.gni.host.HostExec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code systemctl restart <unit>} through the host command channel, after asking systemd about the unit:
 * <ul>
 *   <li>{@code KillMode=control-group} or {@code mixed}: the restart would kill every running container, so it
 *       is refused unless the operator accepted that ({@code --allow-container-kill});</li>
 *   <li>the unit failed on its start limit: systemd would refuse the start, so it is not tried; the message
 *       says the unit's state and what to run. The installer never resets the limit itself
 *       (docs/operations.md says why).</li>
 * </ul>
 * A restart that fails is reported with the unit's state afterwards (start limit included).
 */
final class SystemdRestarter implements Restarter {
  private final HostExec exec;
  private final SystemdUnit unit;
  private final List<String> cmd;
  private final Duration timeout;
  private final boolean allowContainerKill;

  SystemdRestarter(HostExec exec, String unit, Duration timeout, boolean allowContainerKill) {
    this.exec = exec;
    this.unit = new SystemdUnit(exec, unit, Duration.ofSeconds(Math.min(30, timeout.toSeconds())));
    this.cmd = List.of("systemctl", "restart", unit);
    this.timeout = timeout;
    this.allowContainerKill = allowContainerKill;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void restart() {
    Optional<SystemdUnit.State> before = unit.show();
    before.ifPresent(this::refuseIfUnsafe);
    HostExec.ExecResult r = exec.run(cmd, timeout);
    if (!r.ok()) {
      Optional<SystemdUnit.State> after = unit.show();
      if (after.map(SystemdUnit.State::startLimitHit).orElse(false)) { // systemctl's own line says no more
        throw new RestartFailedException(describe() + " failed: " + startLimit(after.get()));
      }
      throw new RestartFailedException(describe() + " failed: " + r.firstErrorLine() + after.map(s -> "; " + s.summary()).orElse("")
          + "; see: journalctl -u " + unit.name());
    }
  }

  private void refuseIfUnsafe(SystemdUnit.State s) {
    if (s.restartKillsContainers() && !allowContainerKill) {
      throw new RestartRefusedException("containerd was NOT restarted: " + unit.name() + " has KillMode="
          + s.killMode() + ", so a restart kills every process in its control group, the shims of running"
          + " containers with them. Restart containerd when the node is drained, or re-run with --allow-container-kill");
    }
    if (s.startLimitHit()) {
      throw new RestartRefusedException(startLimit(s));
    }
  }

  private String startLimit(SystemdUnit.State s) {
    return "systemd refuses to start " + unit.name() + ": it was started too often (" + s.summary()
        + "); once the cause is fixed, run on the node: systemctl reset-failed " + unit.name()
        + " && systemctl start " + unit.name();
  }

  @Override
  public String describe() {
    return String.join(" ", exec.commandLine(cmd));
  }
}
