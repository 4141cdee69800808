package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Error paths of {@link FabricNodeReporter} against fabric8's mock API server in expectations mode (there is no
 * real API server on the build machine): each HTTP status is scripted, and the test checks what the reporter
 * makes of it: retry with bounded backoff (409, 429, 5xx, timeouts, connection failures) or a one-line
 * {@link KubeApiException} (403 naming the RBAC grant, 404 naming NODE_NAME). Waits go to a recording sleeper.
 */
@EnableKubernetesMockClient
class FabricNodeReporterErrorsTest {
  /** The mock server logs every request at INFO; keep the test output to what the tests print. */
  private static final java.util.logging.Logger MOCK_LOG = quiet();
  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String NODE = "node-a";
  private static final String NODE_PATH = "/api/v1/nodes/" + NODE;
  private static final String EVENTS_PATH = "/api/v1/namespaces/default/events";
  private final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void reset() {
    server.clearExpectations();
    waits.clear();
  }

  private FabricNodeReporter reporter(Config config, RetryPolicy policy) {
    KubernetesClient c = KubeClients.builder().withConfig(KubeClients.bounded(config)).build();
    return new FabricNodeReporter(c, NODE, new NodeLabels("gvisor.dev"), policy, waits::add, Clock.systemUTC());
  }

  private FabricNodeReporter reporter() {
    return reporter(client.getConfiguration(), RetryPolicy.DEFAULT);
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
  }

  private static Node node() {
    return new NodeBuilder().withNewMetadata().withName(NODE).withUid("u1")
        .addToLabels("gvisor.dev/runsc", "ready").endMetadata().build();
  }

  @Test
  void forbiddenPatch_oneLineNamingVerbAndResource_noRetry() {
    server.expect().patch().withPath(NODE_PATH).andReturn(403, status(403, "Forbidden",
        "nodes \"node-a\" is forbidden: User \"system:serviceaccount:gvisor-system:gni\" cannot patch")).always();

    KubeApiException e = assertThrows(KubeApiException.class, () -> reporter().markReady(Map.of()));

    assertEquals("forbidden: the ServiceAccount cannot patch nodes; grant verb 'patch' on 'nodes'"
        + " (see k8s/10-rbac.yaml)", e.getMessage());
    assertEquals(List.of(), waits);
  }

  @Test
  void forbiddenGet_onClearReady_namesGetNodes() {
    server.expect().get().withPath(NODE_PATH).andReturn(403, status(403, "Forbidden", "no")).always();

    KubeApiException e = assertThrows(KubeApiException.class, () -> reporter().clearReady());

    assertTrue(e.getMessage().contains("grant verb 'get' on 'nodes'"), e.getMessage());
  }

  @Test
  void nodeNotFound_namesNodeNameEnv() {
    server.expect().patch().withPath(NODE_PATH).andReturn(404, status(404, "NotFound", "nodes not found")).always();

    KubeApiException e = assertThrows(KubeApiException.class, () -> reporter().markReady(Map.of()));

    assertEquals("node node-a not found; is NODE_NAME set from spec.nodeName?", e.getMessage());
    assertEquals(List.of(), waits);
  }

  @Test
  void conflict_retriedThenSucceeds() {
    server.expect().patch().withPath(NODE_PATH).andReturn(409, status(409, "Conflict", "conflict")).once();
    server.expect().patch().withPath(NODE_PATH).andReturn(200, node()).once();
    FabricNodeReporter r = reporter();

    assertDoesNotThrow(() -> r.markReady(Map.of("installer-version", "0.1.0")));

    assertEquals(List.of(Duration.ofMillis(500)), waits);
    assertEquals(2, r.calls().total());
  }

  @Test
  void tooManyRequests_backsOffExponentiallyThenSucceeds() {
    server.expect().patch().withPath(NODE_PATH).andReturn(429, status(429, "TooManyRequests", "slow down")).times(2);
    server.expect().patch().withPath(NODE_PATH).andReturn(200, node()).once();
    FabricNodeReporter r = reporter();

    r.markReady(Map.of());

    assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), waits);
    assertEquals(Map.of("markReady", 3), r.calls().byOperation());
  }

  @Test
  void serverError_givesUpAfterBoundedAttempts_withOneLine() {
    server.expect().patch().withPath(NODE_PATH).andReturn(500, status(500, "InternalError", "etcd unavailable"))
        .always();
    FabricNodeReporter r = reporter();

    KubeApiException e = assertThrows(KubeApiException.class, () -> r.markReady(Map.of()));

    assertEquals("patch nodes/node-a failed after 5 attempt(s): HTTP 500 etcd unavailable", e.getMessage());
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
        waits);
    assertEquals(5, r.calls().total());
  }

  @Test
  void retryBudget_stopsBeforeAttemptsRunOut() {
    server.expect().patch().withPath(NODE_PATH).andReturn(503, status(503, "ServiceUnavailable", "busy")).always();
    RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(5));

    assertThrows(KubeApiException.class, () -> reporter(client.getConfiguration(), policy).markReady(Map.of()));

    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waits, "1s+2s spent; 4s more exceeds 5s");
  }

  @Test
  void timeout_retriedThenOneLine_boundedInTime() {
    // The server answers after 30 s; the client gives up after 200 ms per call. Bounded means far below the server's
    // delay: generous for a busy machine, and free when the timeout works.
    server.expect().patch().delay(30, TimeUnit.SECONDS).withPath(NODE_PATH).andReturn(200, node()).always();
    Config fast = new ConfigBuilder(KubeClients.bounded(client.getConfiguration())).withRequestTimeout(200).build();
    RetryPolicy two = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1));
    KubernetesClient c = KubeClients.builder().withConfig(fast).build();
    FabricNodeReporter r = new FabricNodeReporter(c, NODE, new NodeLabels("gvisor.dev"), two, waits::add,
        Clock.systemUTC());

    long start = System.nanoTime();
    KubeApiException e = assertThrows(KubeApiException.class, () -> r.markReady(Map.of()));
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertTrue(e.getMessage().startsWith("patch nodes/node-a timed out 2 time(s)"), e.getMessage());
    assertEquals(1, waits.size());
    assertTrue(ms < 15_000, "took " + ms + " ms");
  }

  @Test
  void connectionRefused_retriedThenOneLine() {
    Config nowhere = new ConfigBuilder(client.getConfiguration()).withMasterUrl("http://127.0.0.1:1/").build();

    KubeApiException e = assertThrows(KubeApiException.class,
        () -> reporter(nowhere, RetryPolicy.DEFAULT).markReady(Map.of()));

    assertTrue(e.getMessage().startsWith("patch nodes/node-a failed after 5 attempt(s)"), e.getMessage());
    assertEquals(4, waits.size());
  }

  @Test
  void eventFailure_isLoggedNotThrown_andLabelStillReported() {
    server.expect().post().withPath(EVENTS_PATH).andReturn(403, status(403, "Forbidden", "no events")).always();
    server.expect().patch().withPath(NODE_PATH).andReturn(200, node()).once();
    FabricNodeReporter r = reporter();

    assertDoesNotThrow(() -> r.event(NodeEvent.INSTALLED, "installed"));
    assertDoesNotThrow(() -> r.markReady(Map.of()));
    assertEquals(Map.of("event", 1, "markReady", 1), r.calls().byOperation());
  }

  @Test
  void clearReady_keyRemovedMeanwhile_readsAgainOnce() {
    Node bare = new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build();
    server.expect().get().withPath(NODE_PATH).andReturn(200, node()).once();
    server.expect().patch().withPath(NODE_PATH).andReturn(422, status(422, "Invalid", "path not found")).once();
    server.expect().get().withPath(NODE_PATH).andReturn(200, bare).once();
    FabricNodeReporter r = reporter();

    assertDoesNotThrow(r::clearReady);
    assertEquals(Map.of("clearReady", 3), r.calls().byOperation());
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
