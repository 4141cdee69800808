package dev.gni.cli;

import dev.gni.cleanup.ReleaseCleanup;
import dev.gni.config.Command;
import dev.gni.config.RunConfig;
import dev.gni.exit.ExitCode;
import dev.gni.kube.KubeClients;
import dev.gni.kube.NodeLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import dev.gni.flow.InstallFlow;
import dev.gni.flow.Node;
import dev.gni.flow.StatusFlow;
import dev.gni.flow.UninstallFlow;
import dev.gni.host.Checkpoints;
import java.io.PrintStream;

/** Builds the real components for a run (see {@link Wiring}) and dispatches to the command's flow. */
final class Commands {
  private Commands() {
  }

  static ExitCode run(RunConfig config, PrintStream out, Checkpoints checkpoints) {
    if (config.command() == Command.CLEANUP) { // cluster-side: no host, never fails (a Helm pre-delete hook)
      try (KubernetesClient client = KubeClients.create(config)) {
        new ReleaseCleanup(client, new NodeLabels(config.labelPrefix()), config.release(), config.cleanupTimeout(),
            Duration.ofSeconds(3), Clock.systemUTC(), out).run();
      }
      return ExitCode.OK;
    }
    try (Wiring wiring = new Wiring(config, out, checkpoints)) {
      Node node = wiring.node();
      switch (config.command()) {
        case INSTALL -> new InstallFlow(config, node).run();
        case UNINSTALL -> new UninstallFlow(config, node).run();
        case STATUS -> new StatusFlow(config, node).print();
        default -> throw new IllegalStateException("unknown command " + config.command());
      }
      return ExitCode.OK;
    }
  }
}
