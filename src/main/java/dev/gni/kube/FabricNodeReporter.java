package dev.gni.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import dev.gni.config.RunConfig.Readiness;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeReporter} over the Kubernetes API with the fabric8 client.
 *
 * <ul>
 *   <li>{@link #markReady}: one JSON merge patch of metadata (ready label + prefixed annotations); idempotent,
 *       never a read-modify-write, so a second install changes nothing and cannot conflict with kubelet. In
 *       readiness mode taint, then one JSON patch removing the startup taint ({@link StartupTaint}), computed
 *       from the Node the merge patch returned: no extra GET.
 *   <li>{@link #markNotReady}: GET the node, then one JSON patch removing the ready label (and in taint mode
 *       adding the startup taint back); no write when there is nothing to change.
 *   <li>{@link #clearReady}: the same, plus every {@code <prefix>/} annotation present; the opt-in install label
 *       is left alone.
 *   <li>{@link #event}: creates a new core v1 Event per call (no aggregation); failures are logged, never thrown.
 * </ul>
 *
 * <p>A JSON patch refused with 422 (its {@code test} failed, or a key it removes is gone: another writer changed
 * the node) is computed again from a fresh GET, at most {@value #ROUNDS} times.
 *
 * <p>API calls per run (see {@link #calls()}): install = 1 patch (taint mode: 2) + 1 Event per recorded Event;
 * a no-op re-run the same; uninstall = 1 get + at most 1 patch + Events. Retries add calls and are counted.
 */
public final class FabricNodeReporter implements NodeReporter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FabricNodeReporter.class);
  private static final int ROUNDS = 3;

  private final CompletableFuture<KubernetesClient> client;
  private final String nodeName;
  private final NodeLabels labels;
  private final Readiness readiness;
  private final NodePatches patches;
  private final StartupTaint taint;
  private final NodeEvents events;
  private final ApiCallCounter counter = new ApiCallCounter();
  private final RetryingApi api;
  private volatile String nodeUid;

  public FabricNodeReporter(KubernetesClient client, String nodeName, NodeLabels labels, Readiness readiness) {
    this(CompletableFuture.completedFuture(client), nodeName, labels, readiness);
  }

  /** With a client still being built (on another thread, from the start of the run: {@link NodeReporters}). */
  public FabricNodeReporter(CompletableFuture<KubernetesClient> client, String nodeName, NodeLabels labels,
                            Readiness readiness) {
    this(client, nodeName, labels, readiness, RetryPolicy.DEFAULT, Sleeper.REAL, Clock.systemUTC());
  }

  public FabricNodeReporter(KubernetesClient client, String nodeName, NodeLabels labels, RetryPolicy policy,
      Sleeper sleeper, Clock clock) {
    this(client, nodeName, labels, Readiness.LABEL, policy, sleeper, clock);
  }

  public FabricNodeReporter(KubernetesClient client, String nodeName, NodeLabels labels, Readiness readiness,
      RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this(CompletableFuture.completedFuture(client), nodeName, labels, readiness, policy, sleeper, clock);
  }

  private FabricNodeReporter(CompletableFuture<KubernetesClient> client, String nodeName, NodeLabels labels,
      Readiness readiness, RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.labels = labels;
    this.readiness = readiness;
    this.patches = new NodePatches(labels);
    this.taint = new StartupTaint(labels);
    this.events = new NodeEvents(nodeName, clock);
    this.api = new RetryingApi(policy, sleeper, counter, nodeName);
  }

  @Override
  public void markReady(Map<String, String> annotations) {
    String body = patches.markReady(annotations);
    Node node = api.call("markReady", ApiAction.PATCH_NODE, "nodes/" + nodeName,
        () -> named().patch(PatchContext.of(PatchType.JSON_MERGE), body));
    remember(node);
    LOG.info("labelled node {} {}={} with {} annotation(s)", nodeName, labels.readyKey(), NodeLabels.READY_VALUE,
        annotations.size());
    if (readiness == Readiness.TAINT) {
      if (jsonPatch("removeTaint", node, taint::removeOps) > 0) {
        LOG.info("removed the startup taint {}:{} from node {}", taint.key(), StartupTaint.EFFECT, nodeName);
      } else {
        LOG.info("node {} has no startup taint {}:{} to remove", nodeName, taint.key(), StartupTaint.EFFECT);
      }
    }
  }

  @Override
  public boolean markNotReady() {
    boolean changed = jsonPatch("markNotReady", null, this::notReadyOps) > 0;
    if (changed) {
      LOG.info("node {} marked not ready: {}", nodeName, readiness == Readiness.TAINT
          ? "label " + labels.readyKey() + " removed, taint " + taint.key() + ":" + StartupTaint.EFFECT + " in place"
          : "label " + labels.readyKey() + " removed");
    } else {
      LOG.info("node {} is already not ready; nothing to change", nodeName);
    }
    return changed;
  }

  @Override
  public boolean clearReady() {
    int[] keys = new int[2]; // [label and annotation keys removed, taint added (0|1)] of the patch last computed
    int applied = jsonPatch("clearReady", null, node -> {
      List<Map<String, Object>> ops = new ArrayList<>(patches.clearReadyOps(node));
      keys[0] = ops.size();
      List<Map<String, Object>> addTaint = readiness == Readiness.TAINT ? taint.addOps(node) : List.of();
      keys[1] = addTaint.isEmpty() ? 0 : 1;
      ops.addAll(addTaint);
      return ops;
    });
    if (applied == 0) {
      LOG.info("node {} has no {} label or annotations to remove", nodeName, labels.prefix());
      return false;
    }
    if (keys[0] > 0) {
      LOG.info("removed {} {}/ label and annotation key(s) from node {}", keys[0], labels.prefix(), nodeName);
    }
    if (keys[1] > 0) {
      LOG.info("put the startup taint {}:{} back on node {}", taint.key(), StartupTaint.EFFECT, nodeName);
    }
    return true;
  }

  private List<Map<String, Object>> notReadyOps(Node node) {
    List<Map<String, Object>> ops = new ArrayList<>(patches.removeReadyLabelOps(node));
    if (readiness == Readiness.TAINT) {
      ops.addAll(taint.addOps(node));
    }
    return ops;
  }

  /**
   * One JSON patch computed from the node ({@code start}, else a GET); on 422 (another writer changed the node
   * first) computed again from a fresh GET. @return the number of operations applied, 0 when nothing to change
   */
  private int jsonPatch(String operation, Node start, Function<Node, List<Map<String, Object>>> opsOf) {
    Node node = start != null ? start : get(operation);
    for (int round = 1; ; round++) {
      List<Map<String, Object>> ops = opsOf.apply(node);
      if (ops.isEmpty()) {
        return 0;
      }
      String body = NodePatches.write(ops);
      try {
        remember(api.call(operation, ApiAction.PATCH_NODE, "nodes/" + nodeName,
            () -> named().patch(PatchContext.of(PatchType.JSON), body)));
        return ops.size();
      } catch (KubeApiException e) {
        if (round >= ROUNDS || !(e.getCause() instanceof RuntimeException r && ApiFailure.of(r).isInvalid())) {
          throw e;
        }
        LOG.info("node {} changed while patching it ({}); reading it again", nodeName, e.getMessage());
        node = get(operation);
      }
    }
  }

  @Override
  public void event(NodeEvent event, String message) {
    try {
      api.call("event", ApiAction.CREATE_EVENT, "events in " + NodeEvents.NAMESPACE,
          () -> client().v1().events().inNamespace(NodeEvents.NAMESPACE)
              .resource(events.build(event, message, nodeUid)).create());
    } catch (RuntimeException e) {
      LOG.warn("could not record Event {} on node {}: {}", event.reason(), nodeName, e.getMessage());
    }
  }

  /** True when the node has the startup taint now, read from the API (one GET). */
  public boolean hasStartupTaint() {
    return taint.presentOn(get("hasStartupTaint"));
  }

  /** The value of the ready label now, read from the API (one GET). */
  public Optional<String> readyValue() {
    Map<String, String> nodeLabels = get("readyValue").getMetadata().getLabels();
    return Optional.ofNullable(nodeLabels == null ? null : nodeLabels.get(labels.readyKey()));
  }

  /** The API calls made so far, retries included, by operation. */
  public ApiCallCounter calls() {
    return counter;
  }

  public String nodeName() {
    return nodeName;
  }

  /** Waits for the client; throws what building it threw (a bad kubeconfig, say). No API call. */
  @Override
  public void awaitClient() {
    client();
  }

  private KubernetesClient client() {
    try {
      return client.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Closes the client (its HTTP threads), once built; the reporter is unusable afterwards. */
  @Override
  public void close() {
    client.thenAccept(KubernetesClient::close);
  }

  /** The node by name only: patching through it sends the PATCH alone (withName() would GET first). */
  private Resource<Node> named() {
    return client().nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build());
  }

  private Node get(String operation) {
    Node node = api.call(operation, ApiAction.GET_NODE, "nodes/" + nodeName,
        () -> client().nodes().withName(nodeName).get());
    if (node == null) {
      throw new KubeApiException(ApiFailure.notFound().message(ApiAction.GET_NODE, nodeName, "nodes/" + nodeName, 1));
    }
    remember(node);
    return node;
  }

  private void remember(Node node) {
    if (node != null && node.getMetadata() != null && node.getMetadata().getUid() != null) {
      nodeUid = node.getMetadata().getUid();
    }
  }
}
