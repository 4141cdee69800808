package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.config.RunConfig.Readiness;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The race of readiness mode taint, scripted in the mock server's expectations mode (no real API server here):
 * between the installer's read of the node and its JSON patch, another controller puts a taint in front of
 * ours. The API server refuses the patch whose {@code test} no longer holds with 422 (as kube-apiserver does
 * for a failed JSON patch test); the reporter reads the node again and removes the taint at its new index.
 */
@EnableKubernetesMockClient
class StartupTaintConflictTest {
  private static final java.util.logging.Logger MOCK_LOG = quiet();
  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String NODE = "node-c";
  private static final String PATH = "/api/v1/nodes/" + NODE;
  private static final String KEY = "gvisor.dev/runsc-not-ready";

  private static Node node(String... taintKeys) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(NODE).withUid("u1").withResourceVersion("7")
        .endMetadata().withNewSpec().endSpec();
    for (String k : taintKeys) {
      b.editSpec().addToTaints(new TaintBuilder().withKey(k).withEffect("NoSchedule").build()).endSpec();
    }
    return b.build();
  }

  @Test
  void taintRemoval_conflictingWriter_422_rereadsAndRemovesAtNewIndex_keepsTheirs() throws Exception {
    server.expect().patch().withPath(PATH).andReturn(200, node(KEY)).once();              // merge patch
    server.expect().patch().withPath(PATH).andReturn(422, new StatusBuilder().withCode(422).withStatus("Failure")
        .withReason("Invalid").withMessage("the server rejected our request due to an error in our request")
        .build()).once();                                                                   // stale test
    server.expect().get().withPath(PATH).andReturn(200, node("karpenter.sh/disrupted", KEY)).once();
    server.expect().patch().withPath(PATH).andReturn(200, node("karpenter.sh/disrupted")).once();
    KubernetesClient c = KubeClients.builder().withConfig(KubeClients.bounded(client.getConfiguration())).build();
    FabricNodeReporter r = new FabricNodeReporter(c, NODE, new NodeLabels("gvisor.dev"), Readiness.TAINT,
        RetryPolicy.DEFAULT, d -> { }, Clock.systemUTC());

    r.markReady(Map.of());

    List<String> bodies = new ArrayList<>();
    for (RecordedRequest q; (q = server.takeRequest(1, TimeUnit.SECONDS)) != null; ) {
      bodies.add(q.getMethod() + " " + q.getBody().readUtf8());
    }
    assertEquals(4, bodies.size(), bodies::toString);
    assertTrue(bodies.get(1).contains("{\"op\":\"test\",\"path\":\"/spec/taints/0\"")
        && bodies.get(1).contains("{\"op\":\"remove\",\"path\":\"/spec/taints/0\"}"), bodies.get(1));
    assertTrue(bodies.get(2).startsWith("GET"), bodies.get(2));
    assertTrue(bodies.get(3).contains("{\"op\":\"test\",\"path\":\"/spec/taints/1\",\"value\":{\"effect\":"
        + "\"NoSchedule\",\"key\":\"" + KEY + "\"}}") && bodies.get(3).contains("\"op\":\"remove\",\"path\":"
        + "\"/spec/taints/1\"") && !bodies.get(3).contains("karpenter"), bodies.get(3));
    assertEquals(Map.of("markReady", 1, "removeTaint", 3), r.calls().byOperation());
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
