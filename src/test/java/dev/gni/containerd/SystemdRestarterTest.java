package dev.gni.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.host.HostExec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the systemd restarter from what {@code systemctl show} says, with a scripted host channel
 * (each call answered from a queue, recorded). The same code against a real systemd and containerd.service:
 * dev.gni.sdnode.SystemdNodeSafetyIT.
 */
class SystemdRestarterTest {
  private final List<List<String>> calls = new ArrayList<>();
  private final Deque<HostExec.ExecResult> answers = new ArrayDeque<>();
  private final HostExec exec = new HostExec() {
    @Override
    public ExecResult run(List<String> argv, Duration timeout) {
      calls.add(argv);
      return answers.isEmpty() ? new ExecResult(0, "", "") : answers.poll();
    }

    @Override
    public List<String> commandLine(List<String> argv) {
      return argv;
    }
  };

  private void show(String killMode, String active, String result) {
    answers.add(new HostExec.ExecResult(0, "LoadState=loaded\nActiveState=" + active + "\nSubState=" + active
        + "\nResult=" + result + "\nKillMode=" + killMode + "\nMainPID=42\n", ""));
  }

  private Restarter restarter(boolean allowKill) {
    return Restarter.systemd(exec, "containerd", Duration.ofSeconds(30), allowKill);
  }

  private long restarts() {
    return calls.stream().filter(c -> c.get(1).equals("restart")).count();
  }

  @Test
  void killModeProcess_restarts() {
    show("process", "active", "success");
    restarter(false).restart();
    assertEquals(List.of("systemctl", "restart", "containerd"), calls.get(1));
  }

  @Test
  void killModeMixedOrControlGroup_refused_nothingRestarted() {
    for (String mode : List.of("mixed", "control-group")) {
      show(mode, "active", "success");
      RestartRefusedException e = assertThrows(RestartRefusedException.class, () -> restarter(false).restart());
      assertTrue(e.getMessage().contains("has KillMode=" + mode), e.getMessage());
      assertTrue(e.getMessage().contains("--allow-container-kill"), e.getMessage());
    }
    assertEquals(0, restarts());
  }

  @Test
  void killModeMixed_allowed_restarts() {
    show("mixed", "active", "success");
    restarter(true).restart();
    assertEquals(1, restarts());
  }

  @Test
  void unitOnItsStartLimit_refused_saysStateAndWhatToRun() {
    show("process", "failed", "start-limit-hit");
    RestartRefusedException e = assertThrows(RestartRefusedException.class, () -> restarter(false).restart());
    assertTrue(e.getMessage().contains("containerd is failed (SubState=failed, Result=start-limit-hit)"), e.getMessage());
    assertTrue(e.getMessage().contains("systemctl reset-failed containerd && systemctl start containerd"), e.getMessage());
    assertEquals(0, restarts());
  }

  @Test
  void restartTripsTheStartLimit_failure_saysStateAndWhatToRun() {
    show("process", "active", "success");
    answers.add(new HostExec.ExecResult(1, "", "Job for containerd.service failed.\n"));
    show("process", "failed", "start-limit-hit");
    Restarter.RestartFailedException e = assertThrows(Restarter.RestartFailedException.class,
        () -> restarter(false).restart());
    assertTrue(e.getMessage().startsWith("systemctl restart containerd failed: systemd refuses to start containerd: it"
        + " was started too often (containerd is failed (SubState=failed, Result=start-limit-hit))"), e.getMessage());
    assertTrue(e.getMessage().contains("systemctl reset-failed containerd"), e.getMessage());
  }

  @Test
  void restartFails_otherwise_namesTheUnitStateAndTheJournal() {
    show("process", "active", "success");
    answers.add(new HostExec.ExecResult(1, "", "Job for containerd.service failed because the control process exited"));
    show("process", "failed", "exit-code");
    Restarter.RestartFailedException e = assertThrows(Restarter.RestartFailedException.class,
        () -> restarter(false).restart());
    assertTrue(e.getMessage().endsWith("; containerd is failed (SubState=failed, Result=exit-code);"
        + " see: journalctl -u containerd"), e.getMessage());
  }

  @Test
  void unitNotFound_itsDefaultKillModeIsNoAnswer_restartIsTriedAndFailsWithSystemctlsError() {
    answers.add(new HostExec.ExecResult(0, "LoadState=not-found\nActiveState=inactive\nSubState=dead\nResult=success\n"
        + "KillMode=control-group\nMainPID=0\n", ""));
    answers.add(new HostExec.ExecResult(5, "", "Failed to restart containerd.service: Unit containerd.service not found.\n"));
    Restarter.RestartFailedException e = assertThrows(Restarter.RestartFailedException.class,
        () -> restarter(false).restart());
    assertTrue(e.getMessage().startsWith("systemctl restart containerd failed: Failed to restart containerd.service: Unit"
        + " containerd.service not found."), e.getMessage());
  }

  @Test
  void systemdCannotBeAsked_restartIsStillTried() {
    answers.add(new HostExec.ExecResult(1, "", "System has not been booted with systemd"));
    restarter(false).restart();
    assertEquals(1, restarts());
  }
}
