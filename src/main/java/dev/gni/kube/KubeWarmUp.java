package dev.gni.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Builds the Kubernetes client on a daemon thread at the start of a run, then loads what the run's first API
 * call needs: the fabric8 model and DSL classes and their Jackson (de)serializers, by building and serializing
 * a Node, a patch and an Event. No API call is made. The work overlaps the node-side steps (the CRI live check,
 * planning, containerd's restart, the canary) on the other core instead of delaying them and the label.
 *
 * <p>Why, measured on the no-op re-run (`bench/ready.sh`, class-load log with uptime): building the client on
 * the main thread took 0.52 s of its 1.1 s before the first step (kubeconfig through Jackson and SnakeYAML
 * 0.35 s, TLS and the JDK HTTP client 0.17 s), and the first call paid its serializers after the canary.
 * A flow that must fail on a bad kubeconfig before it writes calls {@link NodeReporter#awaitClient()}.
 */
final class KubeWarmUp {
  /** The daemon thread's name (tests wait for it to end). */
  static final String THREAD = "gni-kube-client";

  private KubeWarmUp() {
  }

  /** @return the client once built; completed exceptionally with what building it threw */
  static CompletableFuture<KubernetesClient> start(Supplier<KubernetesClient> build, String nodeName,
                                                   NodeLabels labels) {
    CompletableFuture<KubernetesClient> client = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      KubernetesClient c;
      try {
        c = build.get();
      } catch (RuntimeException | Error e) {
        client.completeExceptionally(e);
        return;
      }
      client.complete(c);
      warmUp(c, nodeName, labels); // the main thread may use the client meanwhile: class loading is thread-safe
    }, THREAD);
    t.setDaemon(true);
    t.start();
    return client;
  }

  private static void warmUp(KubernetesClient client, String nodeName, NodeLabels labels) {
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
