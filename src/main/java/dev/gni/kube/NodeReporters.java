package dev.gni.kube;

import dev.gni.config.RunConfig;
import dev.gni.config.UsageException;

/**
 * The reporter a run uses: {@link NodeReporter#NONE} with {@code --no-node-label}, else the API one, whose client
 * is built on a daemon thread from here on ({@link KubeWarmUp}) while the run does its node-side work.
 */
public final class NodeReporters {
  private NodeReporters() {
  }

  public static NodeReporter forRun(RunConfig run) {
    if (!run.nodeLabel()) {
      return NodeReporter.NONE;
    }
    String node = run.nodeName().filter(n -> !n.isBlank()).orElseThrow(() -> new UsageException(
        "node name unknown: set NODE_NAME from spec.nodeName (downward API) or pass --node-name"));
    run.kubeconfig().ifPresent(KubeClients::requireFile);
    NodeLabels labels = new NodeLabels(run.labelPrefix());
    return new FabricNodeReporter(KubeWarmUp.start(() -> KubeClients.create(run), node, labels), node, labels,
        run.readiness());
  }
}
