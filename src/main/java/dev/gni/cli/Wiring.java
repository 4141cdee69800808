package dev.gni.cli;

import dev.gni.config.RunConfig;
import dev.gni.containerd.ContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.CriContainerdHealth;
import dev.gni.containerd.cri.Canary;
import dev.gni.containerd.cri.CriCanary;
import dev.gni.containerd.cri.ShimNotOnPath;
import dev.gni.flow.Node;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostExec;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import dev.gni.kube.NodeReporter;
import dev.gni.kube.NodeReporters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The production components of a run, built from its configuration; closes what it opened. */
final class Wiring implements AutoCloseable {
  private final RunConfig cfg;
  private final PrintStream out;
  private NodeReporter reporter = NodeReporter.NONE;

  Wiring(RunConfig cfg, PrintStream out) {
    this.cfg = cfg;
    this.out = out;
  }

  Node node() {
    HostRoot root = new HostRoot(cfg.hostRoot());
    Checkpoints checkpoints = Checkpoints.NONE; // step boundaries: the files and the flow report to the same one
    LocalHostFiles files = new LocalHostFiles(root, checkpoints);
    HostExec exec = new ProcessHostExec(cfg.hostExecMode() == RunConfig.HostExecMode.NSENTER
        ? ProcessHostExec.Mode.NSENTER : ProcessHostExec.Mode.DIRECT);
    Path socket = root.resolve(cfg.containerdSocket());
    return new Node(files, exec, restarter(exec), health(socket), canary(socket), reporter(), checkpoints, out);
  }

  private Restarter restarter(HostExec exec) {
    Duration t = cfg.restartTimeout();
    return switch (cfg.restartMode()) {
      case NONE -> Restarter.NONE;
      case SYSTEMD -> Restarter.systemd(exec, cfg.restartUnit().orElse("containerd"), t);
      case COMMAND -> Restarter.command(exec, cfg.restartCommand(), t);
    };
  }

  private ContainerdHealth health(Path socket) {
    return new CriContainerdHealth(socket.toString());
  }

  private Canary canary(Path socket) {
    // containerd binds its socket at the node path; a test host's daemon at the path under the host root
    ShimNotOnPath hint = new ShimNotOnPath(Path.of("/proc"), cfg.installDir(),
        List.of(cfg.containerdSocket(), socket.toString()));
    return new CriCanary(socket.toString(), hint);
  }

  private NodeReporter reporter() {
    reporter = NodeReporters.forRun(cfg);
    return reporter;
  }

  @Override
  public void close() {
    if (reporter instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing the API client is best effort at exit
      }
    }
  }
}
