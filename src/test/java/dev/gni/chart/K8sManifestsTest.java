package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gni.kube.NodeLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * k8s/ must be exactly the chart's rendered defaults. With {@code -Dgni.regenerate=true}
 * (scripts/generate-k8s.sh) this test rewrites k8s/ instead of comparing.
 */
class K8sManifestsTest {
  static final Path K8S = Path.of("k8s");

  @Test
  void k8sDirectory_isTheRenderedChartDefaults() throws IOException {
    Map<String, String> expected = K8sManifests.render();
    if (Boolean.getBoolean("gni.regenerate")) {
      regenerate(expected);
    }
    List<String> problems = new ArrayList<>();
    expected.forEach((file, content) -> {
      Path p = K8S.resolve(file);
      try {
        if (!Files.exists(p)) {
          problems.add(file + " is missing");
        } else if (!Files.readString(p).equals(content)) {
          problems.add(file + " differs");
        }
      } catch (IOException e) {
        problems.add(file + ": " + e.getMessage());
      }
    });
    TreeSet<String> extra = new TreeSet<>(yamlFiles());
    extra.removeAll(expected.keySet());
    extra.forEach(f -> problems.add(f + " is not rendered by the chart"));
    assertTrue(problems.isEmpty(), "k8s/ drifted from charts/gvisor-node-installer: " + problems
        + "; run scripts/generate-k8s.sh");
  }

  @Test
  void k8sManifests_holdInvariants() throws IOException {
    Manifests install = Manifests.parse(readAll(K8S, false));
    ManifestInvariants.check(install, NodeLabels.DEFAULT_PREFIX);
    assertEquals(1, install.ofKind("Namespace").size(), "k8s/ creates the namespace");
    assertEquals("gvisor-system", install.one("Namespace").at("/metadata/name").asText());
    assertTrue(install.daemonSet("uninstall").isEmpty(), "kubectl apply -f k8s/ must not uninstall");
    for (JsonNode o : install.all()) {
      String ns = o.path("kind").asText().matches("Role|RoleBinding")
          && o.at("/metadata/name").asText().endsWith("-events") ? "default" : "gvisor-system";
      if (!o.path("kind").asText().matches("Namespace|ClusterRole|ClusterRoleBinding|RuntimeClass")) {
        assertEquals(ns, o.at("/metadata/namespace").asText(), o.path("kind").asText());
      }
      assertTrue(!o.toString().contains("helm.sh/") && !o.toString().contains("\"Helm\""),
          () -> "k8s/ carries Helm's ownership or hooks: " + o.at("/metadata"));
    }

    Manifests uninstall = Manifests.parse(readAll(K8S.resolve("uninstall"), false));
    assertEquals(1, uninstall.all().size());
    ManifestInvariants.checkDaemonSet(uninstall.daemonSet("uninstall").orElseThrow(),
        new NodeLabels(NodeLabels.DEFAULT_PREFIX));
  }

  @Test
  void k8sFiles_applyInDependencyOrder() {
    List<String> top = yamlFiles().stream().filter(f -> !f.contains("/")).sorted().toList();
    assertEquals(List.of("00-namespace.yaml", "10-rbac.yaml", "20-runtimeclass.yaml", "30-daemonset.yaml"), top);
  }

  private static void regenerate(Map<String, String> expected) throws IOException {
    for (String stale : yamlFiles()) {
      if (!expected.containsKey(stale)) {
        Files.delete(K8S.resolve(stale));
      }
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Path p = K8S.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    System.out.println("[generate-k8s] wrote " + expected.keySet() + " under " + K8S.toAbsolutePath());
  }

  private static List<String> yamlFiles() {
    if (!Files.isDirectory(K8S)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(K8S)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).map(p -> K8S.relativize(p).toString()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String readAll(Path dir, boolean recurse) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = recurse ? Files.walk(dir) : Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.append("---\n").append(Files.readString(p)).append('\n');
      }
    }
    return all.toString();
  }
}
