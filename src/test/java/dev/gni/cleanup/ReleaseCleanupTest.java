package dev.gni.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.kube.FabricNodeReporter;
import dev.gni.kube.NodeEvent;
import dev.gni.kube.NodeLabels;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReleaseCleanup} (the chart's pre-delete hook) against fabric8's CRUD mock API (no real API server
 * here). A thread stands in for the uninstall DaemonSet: on each node that gets the uninstall label it records
 * the node's Event with the installer's own reporter, as the installer does at the end of uninstall.
 */
@EnableKubernetesMockClient(crud = true)
class ReleaseCleanupTest {
  private static final java.util.logging.Logger MOCK_LOG = quiet();
  static KubernetesClient client;
  private final NodeLabels labels = new NodeLabels(NodeLabels.DEFAULT_PREFIX);

  @BeforeEach
  void emptyCluster() {
    client.nodes().delete();
    client.pods().inAnyNamespace().delete();
    client.v1().events().inAnyNamespace().delete();
  }

  @Test
  void labelsTheReleasesNodes_waitsForEachReport_printsSummary_removesTheLabels() throws Exception {
    node("n1", Map.of("gvisor.dev/install", "true"));
    node("n2", Map.of("gvisor.dev/runsc", "ready"));
    node("n3", Map.of("other", "x")); // not the release's
    client.pods().resource(new PodBuilder().withNewMetadata().withName("gni-abc").withNamespace("test")
        .addToLabels("app.kubernetes.io/instance", "rel").addToLabels("app.kubernetes.io/component", "install")
        .endMetadata().withNewSpec().withNodeName("n1").endSpec().build()).create();
    AtomicBoolean stop = new AtomicBoolean();
    Thread daemonSet = new Thread(() -> {
      boolean n1 = false;
      boolean n2 = false;
      while (!stop.get() && !(n1 && n2)) {
        if (!n1 && labelled("n1")) {
          new FabricNodeReporter(client, "n1", labels).event(NodeEvent.UNINSTALLED, "gVisor runtime uninstalled");
          n1 = true;
        }
        if (!n2 && labelled("n2")) {
          new FabricNodeReporter(client, "n2", labels).event(NodeEvent.UNINSTALL_BLOCKED,
              "uninstall blocked: 1 pod runs in gVisor (runtime handler 'runsc') on this node: shop/api-1; ...");
          n2 = true;
        }
        pause();
      }
    });
    daemonSet.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Map<String, String> outcome = new ReleaseCleanup(client, labels, "rel", Duration.ofSeconds(60),
          Duration.ofMillis(100), Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8)).run();
      assertEquals(Map.of("n1", "Uninstalled", "n2", "UninstallBlocked: uninstall blocked: 1 pod runs in gVisor"
          + " (runtime handler 'runsc') on this node: shop/api-1; ..."), outcome);
    } finally {
      stop.set(true);
      daemonSet.join();
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("cleanup: node n1: Uninstalled\n") && text.contains("cleanup: node n2: UninstallBlocked")
        && text.contains("cleanup: gVisor removed from 1 of 2 node(s); the others keep it"), text);
    for (String n : new String[] {"n1", "n2", "n3"}) {
      assertFalse(labelled(n), n + " keeps no uninstall label");
    }
  }

  @Test
  void aNodeThatNeverReports_endsAtTheTimeout_withoutFailing() {
    node("n9", Map.of("gvisor.dev/runsc", "ready"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    Map<String, String> outcome = new ReleaseCleanup(client, labels, "other-release", Duration.ofSeconds(2),
        Duration.ofMillis(200), Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(20)) < 0);
    assertTrue(outcome.get("n9").startsWith("no report within 2 s"), outcome::toString);
    assertFalse(labelled("n9"));
  }

  private static void node(String name, Map<String, String> nodeLabels) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(nodeLabels).endMetadata()
        .build()).create();
  }

  private static boolean labelled(String node) {
    Map<String, String> l = client.nodes().withName(node).get().getMetadata().getLabels();
    return l != null && "true".equals(l.get("gvisor.dev/uninstall"));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }
}
