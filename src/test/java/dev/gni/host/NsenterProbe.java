package dev.gni.host;

import dev.gni.containerd.Restarter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs inside {@code unshare --pid --fork --mount-proc}, where it is PID 1: restarts "containerd" through
 * the real nsenter channel, so that nsenter enters this process's own namespaces and runs the fake
 * systemctl on PATH. Writes the channel's command line to args[0].
 */
public final class NsenterProbe {
  private NsenterProbe() {
  }

  public static void main(String[] args) throws Exception {
    if (ProcessHandle.current().pid() != 1) {
      throw new IllegalStateException("expected to run as PID 1, not " + ProcessHandle.current().pid());
    }
    ProcessHostExec exec = new ProcessHostExec(ProcessHostExec.Mode.NSENTER);
    Restarter r = Restarter.systemd(exec, args[1], Duration.ofSeconds(20));
    r.restart();
    Files.writeString(Path.of(args[0]), r.describe() + "\n");
  }
}
