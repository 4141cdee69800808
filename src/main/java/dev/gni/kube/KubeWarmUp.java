package dev.gni.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Loads, on a daemon thread at the start of a run, what the run's first API call needs: the fabric8 model and
 * DSL classes and their Jackson (de)serializers, by building and serializing a Node, a patch and an Event. No
 * API call is made. The work then overlaps the node-side steps (planning, containerd's restart, the live check)
 * on the other core instead of delaying the label at the end of the run.
 *
 * <p>Why: the run's first API call paid 0.3-0.5 s of class loading and serializer set-up after the canary
 * (docs/performance.md, "Budgets"); the label is the last step of the time to ready and of the no-op re-run.
 */
final class KubeWarmUp {
  private KubeWarmUp() {
  }

  /** @return the thread, for tests to join */
  static Thread start(KubernetesClient client, String nodeName, NodeLabels labels) {
    Thread t = new Thread(() -> run(client, nodeName, labels), "gni-kube-warmup");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void run(KubernetesClient client, String nodeName, NodeLabels labels) {
    try {
      KubernetesSerialization json = client.getKubernetesSerialization();
      Node node = new NodeBuilder().withNewMetadata().withName(nodeName).withUid("warm-up")
          .addToLabels(labels.readyKey(), NodeLabels.READY_VALUE).endMetadata()
          .withNewSpec().addNewTaint().withKey("k").withEffect("NoSchedule").endTaint().endSpec().build();
      json.unmarshal(json.asJson(node), Node.class);
      NodePatches.write(List.of(Map.of("op", "test", "path", "/metadata/labels", "value", Map.of())));
      json.asJson(new NodeEvents(nodeName, Clock.systemUTC()).build(NodeEvent.INSTALLED, "warm-up", "warm-up"));
      client.nodes().withName(nodeName);
      client.v1().events().inNamespace(NodeEvents.NAMESPACE);
    } catch (RuntimeException | LinkageError ignored) {
      // only a head start: the real call does the same work and reports any failure
    }
  }
}
