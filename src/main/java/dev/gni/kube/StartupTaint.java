package dev.gni.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON patch operations that remove or add the startup taint {@code <prefix>/runsc-not-ready:NoSchedule}
 * without losing a taint that another controller (Karpenter, the node lifecycle controller, a person) writes
 * at the same moment. A JSON patch is applied by the API server to the Node as it is then, in one step, so:
 * <ul>
 *   <li>remove: {@code test} that index i still holds exactly our taint, then {@code remove} index i. If another
 *       writer shifted the list, the test fails (HTTP 422) and the caller reads the node again;
 *   <li>add to an existing list: {@code add} at {@code /spec/taints/-} (append; nothing else is touched; a
 *       concurrent add of the same taint is refused by the server's duplicate check, 422, and re-read);
 *   <li>add where the node has no taint list: {@code test} the resourceVersion, then {@code add} the list,
 *       so a list another writer created in between is never replaced.
 * </ul>
 * No {@code update} verb is needed: this is what the resourceVersion lock of an update would buy, per element.
 */
final class StartupTaint {
  static final String EFFECT = "NoSchedule";

  private final String key;

  StartupTaint(NodeLabels labels) {
    this.key = labels.notReadyTaintKey();
  }

  String key() {
    return key;
  }

  boolean presentOn(Node node) {
    return indexes(node).size() > 0;
  }

  /** Operations removing every taint with our key and effect NoSchedule (any value); empty when there is none. */
  List<Map<String, Object>> removeOps(Node node) {
    List<Integer> at = indexes(node);
    List<Map<String, Object>> ops = new ArrayList<>();
    for (int n = at.size() - 1; n >= 0; n--) { // from the end: earlier indexes stay valid
      int i = at.get(n);
      ops.add(op("test", "/spec/taints/" + i, asJson(node.getSpec().getTaints().get(i))));
      ops.add(op("remove", "/spec/taints/" + i, null));
    }
    return ops;
  }

  /** Operations adding our taint; empty when the node has it already. */
  List<Map<String, Object>> addOps(Node node) {
    if (presentOn(node)) {
      return List.of();
    }
    Map<String, Object> taint = new LinkedHashMap<>();
    taint.put("key", key);
    taint.put("effect", EFFECT);
    List<Map<String, Object>> ops = new ArrayList<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      ops.add(op("add", "/spec/taints/-", taint));
      return ops;
    }
    String version = node.getMetadata().getResourceVersion();
    if (version != null) {
      ops.add(op("test", "/metadata/resourceVersion", version));
    }
    ops.add(node.getSpec() == null ? op("add", "/spec", Map.of("taints", List.of(taint)))
        : op("add", "/spec/taints", List.of(taint)));
    return ops;
  }

  private List<Integer> indexes(Node node) {
    List<Integer> at = new ArrayList<>();
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    for (int i = 0; taints != null && i < taints.size(); i++) {
      if (key.equals(taints.get(i).getKey()) && EFFECT.equals(taints.get(i).getEffect())) {
        at.add(i);
      }
    }
    return at;
  }

  /** The taint as the server stores it: the fields that are set, for an exact {@code test}. */
  private static Map<String, Object> asJson(Taint t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("effect", t.getEffect());
    m.put("key", t.getKey());
    if (t.getTimeAdded() != null) {
      m.put("timeAdded", t.getTimeAdded());
    }
    if (t.getValue() != null) {
      m.put("value", t.getValue());
    }
    return m;
  }

  static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (value != null || op.equals("test")) {
      m.put("value", value);
    }
    return m;
  }
}
