package dev.gni.cli;

import dev.gni.config.RunConfig;
import dev.gni.containerd.ContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.CriContainerdHealth;
import dev.gni.containerd.cri.Canary;
import dev.gni.containerd.cri.CriCanary;
import dev.gni.containerd.cri.ShimNotOnPath;
import dev.gni.distro.Detector;
import dev.gni.distro.Distribution;
import dev.gni.distro.Distributions;
import dev.gni.distro.RestartUnit;
import dev.gni.distro.UnsupportedHostException;
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
  private final Checkpoints checkpoints;
  private NodeReporter reporter = NodeReporter.NONE;

  /** @param checkpoints the run's step boundaries: where a SIGTERM stops it ({@link GracefulStop}) */
  Wiring(RunConfig cfg, PrintStream out, Checkpoints checkpoints) {
    this.cfg = cfg;
    this.out = out;
    this.checkpoints = checkpoints;
  }

  Node node() {
    HostRoot root = new HostRoot(cfg.hostRoot());
    // step boundaries: the files and the flow report to the same one
    LocalHostFiles files = new LocalHostFiles(root, checkpoints);
    HostExec exec = new ProcessHostExec(cfg.hostExecMode() == RunConfig.HostExecMode.NSENTER
        ? ProcessHostExec.Mode.NSENTER : ProcessHostExec.Mode.DIRECT);
    Distribution dist = distribution(files);
    String nodeSocket = cfg.containerdSocketOverride().orElse(dist.socket());
    Path socket = root.resolve(nodeSocket);
    return new Node(files, exec, restarter(exec, files, dist), health(socket), canary(socket, nodeSocket), reporter(),
        checkpoints, out);
  }

  /** The distribution's defaults (unit, socket); a refused one is refused by the flow, with its message. */
  private Distribution distribution(LocalHostFiles files) {
    try {
      return Detector.detect(files, cfg.distribution());
    } catch (UnsupportedHostException e) {
      return Distributions.named("generic", e.getMessage());
    }
  }

  private Restarter restarter(HostExec exec, LocalHostFiles files, Distribution dist) {
    Duration t = cfg.restartTimeout();
    return switch (cfg.restartMode()) {
      case NONE -> Restarter.NONE;
      case SYSTEMD -> Restarter.systemd(exec, cfg.restartUnit().orElseGet(() -> RestartUnit.choose(dist, exec, files)), t,
          cfg.allowContainerKill());
      case COMMAND -> Restarter.command(exec, cfg.restartCommand(), t);
    };
  }

  private ContainerdHealth health(Path socket) {
    return new CriContainerdHealth(socket.toString());
  }

  private Canary canary(Path socket, String nodeSocket) {
    // containerd binds its socket at the node path; a test host's daemon at the path under the host root
    ShimNotOnPath hint = new ShimNotOnPath(Path.of("/proc"), cfg.installDir(),
        List.of(nodeSocket, socket.toString()));
    return new CriCanary(socket.toString(), hint, CriCanary.nodeNetworkAccepted(cfg.runscFlags()));
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
