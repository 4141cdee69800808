package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.config.Option;
import dev.gni.config.Version;
import dev.gni.kube.NodeLabels;
import dev.gni.testsupport.Preconditions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart's defaults agree with the installer's single sources, and every value is documented. */
class ChartSourcesTest {
  /** Values whose content is Kubernetes API structure passed through as is, not options of the chart. */
  private static final List<String> FREE_FORM = List.of("affinity");
  private final Map<String, Object> values = Chart.defaults();

  @Test
  void labelPrefix_equalsNodeLabelsDefaultAndTheCliDefault() {
    assertEquals(NodeLabels.DEFAULT_PREFIX, values.get("labelPrefix"));
    assertEquals(Option.LABEL_PREFIX.defaultText(), values.get("labelPrefix"));
  }

  @Test
  void runtimeAndRestartDefaults_equalTheCliDefaults() {
    assertEquals(Option.RUNTIME_NAME.defaultText(), values.get("runtimeName"));
    Map<?, ?> restart = (Map<?, ?>) values.get("restart");
    assertEquals(Option.RESTART.defaultText(), restart.get("mode"));
    assertEquals("detected", Option.RESTART_UNIT.defaultText());
    assertEquals("", restart.get("unit"), "empty: the installer detects the unit from the distribution");
  }

  @Test
  void appVersion_isTheInstallersVersion() throws IOException {
    Map<?, ?> chart = Chart.YAML.readValue(Chart.DIR.resolve("Chart.yaml").toFile(), Map.class);
    assertEquals(Version.installer(), chart.get("appVersion"), "Chart.yaml appVersion = pom version (image tag)");
  }

  @Test
  void defaultImagesGvisorRelease_equalsThePin() throws IOException {
    Path pin = Path.of("gvisor-release.properties");
    Preconditions.require(Files.exists(pin), "no gvisor-release.properties in this checkout");
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(pin)) {
      p.load(r);
    }
    Map<?, ?> chart = Chart.YAML.readValue(Chart.DIR.resolve("Chart.yaml").toFile(), Map.class);
    assertEquals(p.getProperty("gvisor.release"), ((Map<?, ?>) chart.get("annotations")).get("gvisor.dev/gvisor-release"));
    assertFalse(values.containsKey("gvisorRelease"), "the image is the one value that selects the release");
  }

  /** Each top-level value has a comment block (why, when) with an example; nested keys have comments too. */
  @Test
  void everyValue_isCommentedWithAnExample() throws IOException {
    List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
    List<String> problems = new ArrayList<>();
    Pattern key = Pattern.compile("^( {0,2})([A-Za-z][\\w-]*):");
    String block = "";
    String top = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      block = line.isBlank() ? "" : block + line + "\n";
      Matcher m = key.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (m.group(1).isEmpty()) {
        top = m.group(2);
      } else if (FREE_FORM.contains(top)) {
        continue;
      }
      String previous = i > 0 ? lines.get(i - 1).strip() : "";
      boolean onlyChild = m.group(1).length() == 2 && (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("  "))
          && lines.get(i - 1).matches("^[A-Za-z].*:\\s*$");
      if (!previous.startsWith("#") && !onlyChild) {
        problems.add(m.group(2) + " (line " + (i + 1) + ") has no comment");
      }
      if (m.group(1).isEmpty() && !(block + rest(lines, i)).contains("Example")) {
        problems.add(m.group(2) + " has no example");
      }
    }
    assertTrue(problems.isEmpty(), problems.toString());
  }

  /** The body of the top-level key at {@code start}: up to the next blank line. */
  private static String rest(List<String> lines, int start) {
    StringBuilder sb = new StringBuilder();
    for (int i = start; i < lines.size() && !lines.get(i).isBlank(); i++) {
      sb.append(lines.get(i)).append('\n');
    }
    return sb.toString();
  }
}
