package dev.gni.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeReporter} over the Kubernetes API with the fabric8 client.
 *
 * <ul>
 *   <li>{@link #markReady}: one JSON merge patch of metadata (ready label + prefixed annotations); idempotent,
 *       never a read-modify-write, so a second install changes nothing and cannot conflict with kubelet.
 *   <li>{@link #clearReady}: GET the node, then one JSON patch {@code remove} of the ready label and every
 *       {@code <prefix>/} annotation present (no call if none); the opt-in install label is left alone.
 *   <li>{@link #event}: creates a new core v1 Event per call (no aggregation); failures are logged, never thrown.
 * </ul>
 *
 * <p>API calls per run (see {@link #calls()}): install = 1 patch + 1 Event per recorded Event; a no-op re-run
 * the same; uninstall = 1 get + at most 1 patch + Events. Retries add calls and are counted.
 */
public final class FabricNodeReporter implements NodeReporter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FabricNodeReporter.class);

  private final KubernetesClient client;
  private final String nodeName;
  private final NodeLabels labels;
  private final NodePatches patches;
  private final NodeEvents events;
  private final ApiCallCounter counter = new ApiCallCounter();
  private final RetryingApi api;
  private volatile String nodeUid;

  public FabricNodeReporter(KubernetesClient client, String nodeName, NodeLabels labels) {
    this(client, nodeName, labels, RetryPolicy.DEFAULT, Sleeper.REAL, Clock.systemUTC());
  }

  public FabricNodeReporter(KubernetesClient client, String nodeName, NodeLabels labels, RetryPolicy policy,
      Sleeper sleeper, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.labels = labels;
    this.patches = new NodePatches(labels);
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
  }

  @Override
  public void clearReady() {
    for (int round = 1; ; round++) {
      Node node = get("clearReady");
      List<Map<String, String>> ops = patches.clearReadyOps(node);
      if (ops.isEmpty()) {
        LOG.info("node {} has no {} label or annotations to remove", nodeName, labels.prefix());
        return;
      }
      String body = NodePatches.write(ops);
      try {
        remember(api.call("clearReady", ApiAction.PATCH_NODE, "nodes/" + nodeName,
            () -> named().patch(PatchContext.of(PatchType.JSON), body)));
        LOG.info("removed {} {}/ label and annotation key(s) from node {}", ops.size(), labels.prefix(), nodeName);
        return;
      } catch (KubeApiException e) {
        if (round >= 2 || !(e.getCause() instanceof RuntimeException r && ApiFailure.of(r).isInvalid())) {
          throw e;
        }
        LOG.info("node {} changed while removing labels ({}); reading it again", nodeName, e.getMessage());
      }
    }
  }

  @Override
  public void event(NodeEvent event, String message) {
    try {
      api.call("event", ApiAction.CREATE_EVENT, "events in " + NodeEvents.NAMESPACE,
          () -> client.v1().events().inNamespace(NodeEvents.NAMESPACE)
              .resource(events.build(event, message, nodeUid)).create());
    } catch (RuntimeException e) {
      LOG.warn("could not record Event {} on node {}: {}", event.reason(), nodeName, e.getMessage());
    }
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

  /** Closes the client (its HTTP threads); the reporter is unusable afterwards. */
  @Override
  public void close() {
    client.close();
  }

  /** The node by name only: patching through it sends the PATCH alone (withName() would GET first). */
  private Resource<Node> named() {
    return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build());
  }

  private Node get(String operation) {
    Node node = api.call(operation, ApiAction.GET_NODE, "nodes/" + nodeName,
        () -> client.nodes().withName(nodeName).get());
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
