package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.config.RunConfig.Readiness;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Readiness mode taint against fabric8's CRUD mock API server (no real API server here; the mock applies JSON
 * patches, {@code test} included, with the same library semantics as RFC 6902): the startup taint is removed
 * exactly, other taints stay, a stale patch is refused rather than applied, and the taint comes back.
 */
@EnableKubernetesMockClient(crud = true)
class StartupTaintCrudTest {
  private static final java.util.logging.Logger MOCK_LOG = quiet();
  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String NODE = "node-t";
  private static final String KEY = "gvisor.dev/runsc-not-ready";
  private final NodeLabels labels = new NodeLabels(NodeLabels.DEFAULT_PREFIX);

  private FabricNodeReporter reporter(Readiness readiness) {
    KubernetesClient bounded = KubeClients.builder().withConfig(KubeClients.bounded(client.getConfiguration())).build();
    return new FabricNodeReporter(bounded, NODE, labels, readiness, RetryPolicy.DEFAULT, d -> { }, Clock.systemUTC());
  }

  private void node(Taint... taints) {
    client.nodes().withName(NODE).delete();
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(NODE).addToLabels(labels.installKey(), "true")
        .endMetadata();
    if (taints.length > 0) {
      b.withNewSpec().withTaints(taints).endSpec();
    }
    client.nodes().resource(b.build()).create();
  }

  private static Taint taint(String key, String effect) {
    return new TaintBuilder().withKey(key).withEffect(effect).build();
  }

  private List<String> taints() {
    Node n = client.nodes().withName(NODE).get();
    return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of()
        : n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  @Test
  void markReady_taintMode_removesExactlyStartupTaint_keepsOthersAndSameKeyOtherEffect() {
    node(taint("other.io/a", "NoSchedule"), taint(KEY, "NoSchedule"), taint(KEY, "NoExecute"),
        taint("other.io/b", "PreferNoSchedule"));

    reporter(Readiness.TAINT).markReady(Map.of("gvisor-version", "1"));

    assertEquals(List.of("other.io/a:NoSchedule", KEY + ":NoExecute", "other.io/b:PreferNoSchedule"), taints());
    assertEquals("ready", client.nodes().withName(NODE).get().getMetadata().getLabels().get(labels.readyKey()));
  }

  @Test
  void markReady_labelMode_leavesTaintAlone() {
    node(taint(KEY, "NoSchedule"));
    reporter(Readiness.LABEL).markReady(Map.of());
    assertEquals(List.of(KEY + ":NoSchedule"), taints());
  }

  @Test
  void stalePatch_afterAnotherWriterShiftedTheTaints_isRefusedNotMisapplied() {
    node(taint(KEY, "NoSchedule"));
    Node stale = client.nodes().withName(NODE).get();
    List<Map<String, Object>> ops = new StartupTaint(labels).removeOps(stale);
    // another controller puts a taint first, shifting ours to index 1
    client.nodes().withName(NODE).edit(n -> new NodeBuilder(n).editSpec()
        .withTaints(taint("karpenter.sh/disrupted", "NoSchedule"), taint(KEY, "NoSchedule")).endSpec().build());

    // a real API server answers a failed test with 422 (FabricNodeReporterErrorsTest covers the re-read); the
    // CRUD mock drops the connection instead: either way the patch is refused as a whole
    try (KubernetesClient once = KubeClients.builder().withConfig(KubeClients.bounded(client.getConfiguration()))
        .build()) {
      assertThrows(KubernetesClientException.class, () -> once.nodes()
          .withName(NODE).patch(PatchContext.of(PatchType.JSON), NodePatches.write(ops)));
    }
    assertEquals(List.of("karpenter.sh/disrupted:NoSchedule", KEY + ":NoSchedule"), taints());

    FabricNodeReporter r = reporter(Readiness.TAINT);
    r.markReady(Map.of());
    assertEquals(List.of("karpenter.sh/disrupted:NoSchedule"), taints());
  }

  @Test
  void markNotReady_taintMode_putsTaintBackAndRemovesLabel_onceOnly() {
    node(taint("other.io/a", "NoSchedule"), taint(KEY, "NoSchedule"));
    FabricNodeReporter r = reporter(Readiness.TAINT);
    r.markReady(Map.of());
    assertEquals(List.of("other.io/a:NoSchedule"), taints());

    assertTrue(r.markNotReady());
    assertEquals(List.of("other.io/a:NoSchedule", KEY + ":NoSchedule"), taints());
    assertEquals(Optional.empty(), r.readyValue());
    assertTrue(r.hasStartupTaint());
    assertFalse(r.markNotReady(), "already not ready: no write");
    assertEquals(List.of("other.io/a:NoSchedule", KEY + ":NoSchedule"), taints());
  }

  @Test
  void markNotReady_taintMode_nodeWithoutTaints_getsTheTaint() {
    node();
    FabricNodeReporter r = reporter(Readiness.TAINT);
    assertTrue(r.markNotReady());
    assertEquals(List.of(KEY + ":NoSchedule"), taints());
  }

  @Test
  void markNotReady_labelMode_removesLabelOnly_keepsAnnotations() {
    node();
    FabricNodeReporter r = reporter(Readiness.LABEL);
    r.markReady(Map.of("gvisor-version", "1"));
    assertTrue(r.markNotReady());
    Node n = client.nodes().withName(NODE).get();
    assertFalse(n.getMetadata().getLabels().containsKey(labels.readyKey()));
    assertEquals("1", n.getMetadata().getAnnotations().get("gvisor.dev/gvisor-version"));
    assertEquals(List.of(), taints());
    assertFalse(r.markNotReady());
  }

  @Test
  void clearReady_taintMode_putsTaintBack() {
    node(taint(KEY, "NoSchedule"));
    FabricNodeReporter r = reporter(Readiness.TAINT);
    r.markReady(Map.of("gvisor-version", "1"));
    assertTrue(r.clearReady());
    assertEquals(List.of(KEY + ":NoSchedule"), taints());
    assertFalse(client.nodes().withName(NODE).get().getMetadata().getAnnotations()
        .containsKey("gvisor.dev/gvisor-version"));
  }

  @Test
  void apiCallsPerNode_taintMode() {
    node(taint(KEY, "NoSchedule"));
    FabricNodeReporter r = reporter(Readiness.TAINT);
    int before = server.getRequestCount();
    r.markReady(Map.of("gvisor-version", "1"));
    int install = server.getRequestCount() - before;
    before = server.getRequestCount();
    r.markReady(Map.of("gvisor-version", "1"));
    int rerun = server.getRequestCount() - before;
    before = server.getRequestCount();
    r.markNotReady();
    int lost = server.getRequestCount() - before;
    System.out.println("[fleet] API calls per node, taint mode (Events not counted): install=" + install
        + ", no-op re-run=" + rerun + ", mark not ready=" + lost);
    assertEquals(2, install, "merge patch + JSON patch removing the taint, no GET");
    assertEquals(1, rerun, "no taint left: the merge patch only");
    assertEquals(2, lost, "GET + one JSON patch");
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
