package dev.gni.cli;

import dev.gni.config.RunConfig;
import dev.gni.containerd.ContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.Canary;
import dev.gni.containerd.cri.LiveView;
import dev.gni.flow.Node;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostExec;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import dev.gni.kube.NodeReporter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The production components of a run, built from its configuration; closes what it opened. */
final class Wiring implements AutoCloseable {
  private final RunConfig cfg;
  private final PrintStream out;

  Wiring(RunConfig cfg, PrintStream out) {
    this.cfg = cfg;
    this.out = out;
  }

  Node node() {
    HostRoot root = new HostRoot(cfg.hostRoot());
    LocalHostFiles files = new LocalHostFiles(root);
    HostExec exec = new ProcessHostExec(cfg.hostExecMode() == RunConfig.HostExecMode.NSENTER
        ? ProcessHostExec.Mode.NSENTER : ProcessHostExec.Mode.DIRECT);
    Path socket = root.resolve(cfg.containerdSocket());
    return new Node(files, exec, restarter(exec), health(socket), canary(socket), reporter(), Checkpoints.NONE, out);
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
    return new ContainerdHealth() {
      @Override
      public boolean awaitServing(Duration timeout) {
        return Files.exists(socket);
      }

      @Override
      public LiveView live() {
        return LiveView.unreachable("CRI client not wired yet");
      }
    };
  }

  private Canary canary(Path socket) {
    return (handler, timeout) -> {
      throw new dev.gni.containerd.cri.CanaryFailedException("canary not wired yet");
    };
  }

  private NodeReporter reporter() {
    return NodeReporter.NONE;
  }

  @Override
  public void close() {
  }
}
