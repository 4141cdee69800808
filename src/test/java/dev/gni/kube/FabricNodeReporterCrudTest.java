package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of {@link FabricNodeReporter} against fabric8's CRUD mock API server. There is no real API server
 * on the build machine: the mock stores objects and applies JSON merge patches and JSON patches like one, so
 * what ends up on the Node and in the Events is checked here, not against a cluster.
 */
@EnableKubernetesMockClient(crud = true)
class FabricNodeReporterCrudTest {
  /** The mock server logs every request at INFO; keep the test output to what the tests print. */
  private static final java.util.logging.Logger MOCK_LOG = quiet();
  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String NODE = "node-a";
  private final NodeLabels labels = new NodeLabels(NodeLabels.DEFAULT_PREFIX);
  private final Map<String, String> annotations = Map.of(
      "gvisor-version", "release-20250818.0",
      "runtime-handler", "runsc",
      "config-strategy", "drop-in",
      "config-sha256", "ab12",
      "installer-version", "0.1.0",
      "canary-duration", "1.2s");
  private FabricNodeReporter reporter;

  @BeforeEach
  void node() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
        .addToLabels("kubernetes.io/hostname", NODE).addToLabels(labels.installKey(), "true")
        .addToAnnotations("other.io/keep", "yes").endMetadata().build()).createOr(r -> r.update());
    client.v1().events().inNamespace(NodeEvents.NAMESPACE).delete();
    KubernetesClient bounded = KubeClients.builder()
        .withConfig(KubeClients.bounded(client.getConfiguration())).build();
    reporter = new FabricNodeReporter(bounded, NODE, labels, RetryPolicy.DEFAULT, d -> { },
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
  }

  private Node read() {
    return client.nodes().withName(NODE).get();
  }

  @Test
  void markReady_setsReadyLabelAndPrefixedAnnotations_keepsOthers() {
    reporter.markReady(annotations);

    Node n = read();
    assertEquals("ready", n.getMetadata().getLabels().get("gvisor.dev/runsc"));
    assertEquals("true", n.getMetadata().getLabels().get("gvisor.dev/install"));
    assertEquals(NODE, n.getMetadata().getLabels().get("kubernetes.io/hostname"));
    assertEquals("drop-in", n.getMetadata().getAnnotations().get("gvisor.dev/config-strategy"));
    assertEquals("release-20250818.0", n.getMetadata().getAnnotations().get("gvisor.dev/gvisor-version"));
    assertEquals("yes", n.getMetadata().getAnnotations().get("other.io/keep"));
    assertEquals(annotations.size(), ours(n.getMetadata().getAnnotations()).size());
    assertEquals(Optional.of("ready"), reporter.readyValue());
  }

  @Test
  void markReadyTwice_sameLabelsAndAnnotations_noDuplicates() {
    reporter.markReady(annotations);
    Node first = read();
    reporter.markReady(annotations);
    Node second = read();

    assertEquals(first.getMetadata().getLabels(), second.getMetadata().getLabels());
    assertEquals(first.getMetadata().getAnnotations(), second.getMetadata().getAnnotations());
    assertEquals(1, second.getMetadata().getLabels().keySet().stream().filter("gvisor.dev/runsc"::equals).count());
  }

  @Test
  void clearReady_removesReadyLabelAndOurAnnotations_keepsOptInLabelAndOthers() {
    reporter.markReady(annotations);
    reporter.clearReady();

    Node n = read();
    assertFalse(n.getMetadata().getLabels().containsKey("gvisor.dev/runsc"));
    assertEquals("true", n.getMetadata().getLabels().get("gvisor.dev/install"));
    assertTrue(ours(n.getMetadata().getAnnotations()).isEmpty(), () -> "left: " + n.getMetadata().getAnnotations());
    assertEquals("yes", n.getMetadata().getAnnotations().get("other.io/keep"));
    assertEquals(Optional.empty(), reporter.readyValue());
  }

  @Test
  void clearReady_onCleanNode_onlyReads() {
    int before = server.getRequestCount();
    reporter.clearReady();
    reporter.clearReady();

    assertEquals(2, server.getRequestCount() - before);
    assertEquals(Map.of("clearReady", 2), reporter.calls().byOperation());
    assertFalse(read().getMetadata().getLabels().containsKey("gvisor.dev/runsc"));
  }

  @Test
  void event_recordedOnNodeLikeKubelet() {
    reporter.event(NodeEvent.INSTALL_FAILED, "containerd did not come back");

    List<Event> events = client.v1().events().inNamespace("default").list().getItems();
    assertEquals(1, events.size());
    Event e = events.get(0);
    assertEquals("Node", e.getInvolvedObject().getKind());
    assertEquals(NODE, e.getInvolvedObject().getName());
    assertEquals(NODE, e.getInvolvedObject().getUid(), "uid unknown before any node call: the node name, as kubelet");
    assertEquals("InstallFailed", e.getReason());
    assertEquals("Warning", e.getType());
    assertEquals("containerd did not come back", e.getMessage());
    assertEquals("gvisor-node-installer", e.getSource().getComponent());
    assertEquals(NODE, e.getSource().getHost());
    assertEquals("2026-01-02T03:04:05Z", e.getFirstTimestamp());
    assertEquals(1, e.getCount());
  }

  @Test
  void repeatedEvent_createsNewEvent_withNodeUidOnceKnown() {
    reporter.markReady(annotations);
    reporter.event(NodeEvent.INSTALLED, "gVisor installed");
    reporter.event(NodeEvent.INSTALLED, "gVisor installed");

    List<Event> events = client.v1().events().inNamespace("default").list().getItems();
    assertEquals(2, events.size());
    assertEquals(2, events.stream().map(e -> e.getMetadata().getName()).distinct().count());
    String uid = read().getMetadata().getUid();
    assertTrue(uid != null && !uid.equals(NODE));
    assertTrue(events.stream().allMatch(e -> uid.equals(e.getInvolvedObject().getUid())));
  }

  @Test
  void apiCallsPerNode_installAndNoOpRerun() {
    int before = server.getRequestCount();
    reporter.markReady(annotations);
    reporter.event(NodeEvent.INSTALLED, "gVisor installed");
    int install = server.getRequestCount() - before;
    Map<String, Integer> installCounted = reporter.calls().byOperation();
    reporter.calls().reset();

    before = server.getRequestCount();
    reporter.markReady(annotations);
    reporter.event(NodeEvent.ALREADY_INSTALLED, "already installed");
    int rerun = server.getRequestCount() - before;

    Map<String, Integer> rerunCounted = reporter.calls().byOperation();
    reporter.calls().reset();

    before = server.getRequestCount();
    reporter.clearReady();
    reporter.event(NodeEvent.UNINSTALLED, "gVisor removed");
    int uninstall = server.getRequestCount() - before;

    System.out.println("[fleet] API calls per node: install=" + install + " " + installCounted
        + ", no-op re-run=" + rerun + " " + rerunCounted + ", uninstall=" + uninstall + " "
        + reporter.calls().byOperation());
    assertEquals(2, install);
    assertEquals(2, rerun);
    assertEquals(3, uninstall);
    assertEquals(install, installCounted.values().stream().mapToInt(Integer::intValue).sum());
  }

  private static Map<String, String> ours(Map<String, String> annotations) {
    return annotations.entrySet().stream().filter(e -> e.getKey().startsWith("gvisor.dev/"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
