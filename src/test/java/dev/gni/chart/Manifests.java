package dev.gni.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parsed Kubernetes objects from multi-document YAML (rendered chart output or the files in k8s/). */
final class Manifests {
  private final List<JsonNode> objects;

  private Manifests(List<JsonNode> objects) {
    this.objects = objects;
  }

  static Manifests parse(String yaml) {
    List<JsonNode> out = new ArrayList<>();
    try (var it = Chart.YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
          out.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Manifests(out);
  }

  static Manifests of(Manifests... parts) {
    List<JsonNode> all = new ArrayList<>();
    for (Manifests m : parts) {
      all.addAll(m.objects);
    }
    return new Manifests(all);
  }

  List<JsonNode> all() {
    return objects;
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
  }

  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The DaemonSet whose pods run {@code command} (install or uninstall). */
  Optional<JsonNode> daemonSet(String command) {
    return ofKind("DaemonSet").stream()
        .filter(d -> command.equals(d.at("/spec/template/spec/initContainers/0/args/0").asText()))
        .findFirst();
  }
}
