package dev.gni.kube;

import dev.gni.config.RunConfig.Readiness;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@link WatcherApi} with the fabric8 client: the node calls through a {@link FabricNodeReporter}, the
 * annotation and the pod delete here, all retried and counted the same way ({@link RetryingApi}).
 */
public final class FabricWatcherApi implements WatcherApi {
  private final KubernetesClient client;
  private final FabricNodeReporter reporter;
  private final String nodeName;
  private final NodeLabels labels;
  private final String podNamespace;
  private final String podName;
  private final RetryingApi api;

  public FabricWatcherApi(KubernetesClient client, String nodeName, NodeLabels labels, Readiness readiness,
      String podNamespace, String podName) {
    this.client = client;
    this.reporter = new FabricNodeReporter(client, nodeName, labels, readiness, RetryPolicy.DEFAULT, Sleeper.REAL,
        Clock.systemUTC());
    this.nodeName = nodeName;
    this.labels = labels;
    this.podNamespace = podNamespace;
    this.podName = podName;
    this.api = new RetryingApi(RetryPolicy.DEFAULT, Sleeper.REAL, reporter.calls(), nodeName);
  }

  @Override
  public boolean markNotReady() {
    return reporter.markNotReady();
  }

  @Override
  public void event(NodeEvent event, String message) {
    reporter.event(event, message);
  }

  @Override
  public Optional<String> annotation(String name) {
    Node node = api.call("annotation", ApiAction.GET_NODE, "nodes/" + nodeName,
        () -> client.nodes().withName(nodeName).get());
    Map<String, String> a = node == null ? null : node.getMetadata().getAnnotations();
    return Optional.ofNullable(a == null ? null : a.get(labels.annotationKey(name)));
  }

  @Override
  public void annotate(String name, String value) {
    String body = NodePatches.write(Map.of("metadata", Map.of("annotations", Map.of(labels.annotationKey(name), value))));
    api.call("annotate", ApiAction.PATCH_NODE, "nodes/" + nodeName, () -> client.nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build())
        .patch(PatchContext.of(PatchType.JSON_MERGE), body));
  }

  @Override
  public void deleteOwnPod() {
    api.call("deletePod", ApiAction.DELETE_POD, "pods/" + podName + " in " + podNamespace,
        () -> client.pods().inNamespace(podNamespace).withName(podName).delete());
  }

  /** The API calls made so far, by operation. */
  public ApiCallCounter calls() {
    return reporter.calls();
  }

  @Override
  public void close() {
    client.close();
  }
}
