package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.testsupport.Preconditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * yamllint (strict, with the repo's .yamllint) over k8s/, the chart's values.yaml and Chart.yaml, and the
 * chart's rendered output for every test value set. Raw templates are Go templates, not YAML: their
 * rendered output is what is linted. Same as: {@code yamllint -s -c .yamllint . } plus the rendered files.
 */
class YamllintTest {
  private static final Path YAMLLINT = Path.of("/usr/bin/yamllint");

  @Test
  void manifestsChartAndRenderedOutput_passYamllintStrict(@TempDir Path rendered) throws Exception {
    Preconditions.require(Files.isExecutable(YAMLLINT), "yamllint not installed (.ci/install-deps.sh installs it)");
    for (ValueSets set : ValueSets.values()) {
      Files.writeString(rendered.resolve(set.name().toLowerCase() + ".yaml"), Chart.template(set.values));
    }
    List<String> cmd = new ArrayList<>(List.of(YAMLLINT.toString(), "-s", "-f", "parsable", "-c", ".yamllint",
        "k8s", "charts/gvisor-node-installer/values.yaml", "charts/gvisor-node-installer/Chart.yaml", ".yamllint",
        rendered.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "yamllint:\n" + out);
  }

  @Test
  void yamllint_catchesABadFile(@TempDir Path dir) throws IOException, InterruptedException {
    Preconditions.require(Files.isExecutable(YAMLLINT), "yamllint not installed (.ci/install-deps.sh installs it)");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "a: yes\nb:   1   \n");
    Process p = new ProcessBuilder(YAMLLINT.toString(), "-s", "-c", ".yamllint", bad.toString()).start();
    p.getInputStream().readAllBytes();
    assertEquals(1, p.waitFor(), "the config must reject truthy 'yes' and trailing spaces");
  }
}
