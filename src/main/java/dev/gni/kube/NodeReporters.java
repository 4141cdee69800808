package dev.gni.kube;

import dev.gni.config.RunConfig;
import dev.gni.config.UsageException;

/** The reporter a run uses: {@link NodeReporter#NONE} with {@code --no-node-label}, else the API one. */
public final class NodeReporters {
  private NodeReporters() {
  }

  public static NodeReporter forRun(RunConfig run) {
    if (!run.nodeLabel()) {
      return NodeReporter.NONE;
    }
    String node = run.nodeName().filter(n -> !n.isBlank()).orElseThrow(() -> new UsageException(
        "node name unknown: set NODE_NAME from spec.nodeName (downward API) or pass --node-name"));
    io.fabric8.kubernetes.client.KubernetesClient client = KubeClients.create(run);
    NodeLabels labels = new NodeLabels(run.labelPrefix());
    KubeWarmUp.start(client, node, labels);
    return new FabricNodeReporter(client, node, labels, run.readiness());
  }
}
