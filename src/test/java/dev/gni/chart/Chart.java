package dev.gni.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Helm chart, driven through helm-java (Helm's own Go code via JNI, no helm binary needed): render with
 * values, lint with values. Values are nested maps, written to a values file.
 */
final class Chart {
  static final Path DIR = Path.of("charts/gvisor-node-installer");
  static final String RELEASE = "gvisor-node-installer";
  static final String NAMESPACE = "gvisor-system";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Chart() {
  }

  /**
   * {@code helm template gvisor-node-installer charts/gvisor-node-installer -n gvisor-system -f values}, with
   * Chart.yaml's kubeVersion taken out: helm-java's embedded Helm renders for Kubernetes v1.20.0 and has no
   * --kube-version, so it refuses the chart's ">=1.25.0-0" (ChartSourcesTest checks that it does).
   */
  static String template(Map<String, Object> values) {
    Path copy = copy();
    try {
      return template(copy, values);
    } finally {
      deleteTree(copy);
    }
  }

  /**
   * {@link #template(Map)} including the hooks (pre-delete, test): helm-java returns only the release manifest,
   * without hooks, so a copy of the chart renders them under a stand-in annotation key, put back in the output.
   */
  static String templateWithHooks(Map<String, Object> values) {
    Path copy = copy();
    try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.writeString(f, Files.readString(f).replace(HOOK_KEY, STAND_IN_KEY));
      }
      return template(copy, values).replace(STAND_IN_KEY, HOOK_KEY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(copy);
    }
  }

  private static final String HOOK_KEY = "helm.sh/hook";
  private static final String STAND_IN_KEY = "hook.gni.test/helm.sh-hook";

  static String template(Path chart, Map<String, Object> values) {
    Path file = writeTemp(values);
    try {
      TemplateCommand cmd = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
      return cmd.withValuesFile(file).call();
    } finally {
      delete(file);
    }
  }

  /** {@code helm lint --strict} of the chart with these values over its defaults (lint takes no -f here). */
  static LintResult lint(Map<String, Object> values) {
    Path copy = copy();
    try {
      Map<String, Object> merged = merge(defaults(), values);
      Files.writeString(copy.resolve("values.yaml"), YAML.writeValueAsString(merged));
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(copy);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> defaults() {
    try {
      return YAML.readValue(DIR.resolve("values.yaml").toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A writable copy of the chart in a temp directory, without Chart.yaml's kubeVersion (see
   * {@link #template(Map)}); the caller deletes it with {@link #deleteTree}.
   */
  static Path copy() {
    Path copy = copyAsIs();
    try {
      Path chartYaml = copy.resolve("Chart.yaml");
      Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*\\R", ""));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A writable copy of the chart exactly as it is. */
  static Path copyAsIs() {
    try {
      Path dir = Files.createTempDirectory("gni-chart");
      Path target = dir.resolve("gvisor-node-installer");
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(DIR.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((k, v) -> {
      Object b = out.get(k);
      out.put(k, b instanceof Map && v instanceof Map
          ? merge((Map<String, Object>) b, (Map<String, Object>) v) : v);
    });
    return out;
  }

  static void deleteTree(Path dir) {
    Path root = dir.getParent() != null && dir.getParent().getFileName().toString().startsWith("gni-chart")
        ? dir.getParent() : dir;
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(Chart::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeTemp(Map<String, Object> values) {
    try {
      Path file = Files.createTempFile("gni-values", ".yaml");
      Files.writeString(file, YAML.writeValueAsString(values));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
