package dev.gni.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The patch bodies the reporter sends: a JSON merge patch that sets the ready label and annotations (no
 * resourceVersion, so no conflict with kubelet's own node updates), and a JSON patch that removes exactly
 * the keys present. JSON patch {@code remove} rather than merge-patch {@code null}: both work on a real API
 * server, and the remove form also behaves on the fabric8 CRUD mock the tests use.
 */
final class NodePatches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeLabels labels;

  NodePatches(NodeLabels labels) {
    this.labels = labels;
  }

  /** {@code {"metadata":{"labels":{<ready>: ready},"annotations":{<prefix>/<name>: value}}}}. */
  String markReady(Map<String, String> annotations) {
    Map<String, String> prefixed = new TreeMap<>();
    annotations.forEach((name, value) -> prefixed.put(labels.annotationKey(name), value));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("labels", Map.of(labels.readyKey(), NodeLabels.READY_VALUE));
    if (!prefixed.isEmpty()) {
      metadata.put("annotations", prefixed);
    }
    return write(Map.of("metadata", metadata));
  }

  /** A JSON patch removing the ready label and every {@code <prefix>/} annotation the node has; empty if none. */
  List<Map<String, Object>> clearReadyOps(Node node) {
    List<Map<String, Object>> ops = removeReadyLabelOps(node);
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    if (annotations != null) {
      new TreeMap<>(annotations).keySet().stream()
          .filter(k -> k.startsWith(labels.prefix() + "/"))
          .forEach(k -> ops.add(remove("/metadata/annotations/" + pointer(k))));
    }
    return ops;
  }

  /** A JSON patch removing the ready label; empty if the node does not have it. */
  List<Map<String, Object>> removeReadyLabelOps(Node node) {
    List<Map<String, Object>> ops = new ArrayList<>();
    Map<String, String> nodeLabels = node.getMetadata().getLabels();
    if (nodeLabels != null && nodeLabels.containsKey(labels.readyKey())) {
      ops.add(remove("/metadata/labels/" + pointer(labels.readyKey())));
    }
    return ops;
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write patch", e);
    }
  }

  private static Map<String, Object> remove(String path) {
    return StartupTaint.op("remove", path, null);
  }

  /** RFC 6901 escaping: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
