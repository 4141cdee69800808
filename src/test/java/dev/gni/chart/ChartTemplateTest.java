package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.gni.config.CommandLine;
import dev.gni.config.RunConfig;
import dev.gni.kube.NodeLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** helm template and helm lint --strict of the chart (via helm-java), with the defaults and other value sets. */
class ChartTemplateTest {

  private static Manifests render(ValueSets set) {
    return Manifests.parse(Chart.template(set.values));
  }

  private static JsonNode installPod(Manifests m) {
    return m.daemonSet("install").orElseThrow().at("/spec/template/spec");
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void rendersAndHoldsInvariants(ValueSets set) {
    Manifests m = render(set);
    ManifestInvariants.check(m, set.labelPrefix());
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void lintStrictPasses(ValueSets set) {
    LintResult lint = Chart.lint(set.values);
    System.out.println("[lint] " + set + ": " + lint.getMessages());
    assertFalse(lint.isFailed(), () -> set + ": " + lint.getMessages());
  }

  @Test
  void lintStrict_failsOnValuesTheSchemaRejects() {
    LintResult lint = Chart.lint(Map.of("logFormat", "xml"));
    assertTrue(lint.isFailed(), () -> "lint passed: " + lint.getMessages());
  }

  /** The env the chart renders is what the installer's own command-line parser accepts, with the same meaning. */
  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void installerEnv_parsesWithTheInstallersCommandLine(ValueSets set) {
    Map<String, Object> values = Chart.merge(Chart.defaults(), set.values);
    Map<String, String> env = new HashMap<>();
    ManifestInvariants.env(installPod(render(set)).at("/initContainers/0"))
        .forEach((k, v) -> env.put(k, v.has("value") ? v.path("value").asText() : "node-1"));

    RunConfig run = CommandLine.parse(List.of("install"), env);

    assertEquals(values.get("labelPrefix"), run.labelPrefix());
    assertEquals(values.get("runtimeName"), run.runtimeName());
    assertEquals(((Map<?, ?>) values.get("runscFlags")).entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString())), run.runscFlags());
    assertEquals(Path.of("/host"), run.hostRoot());
    assertEquals(values.get("logFormat"), run.logFormat().name().toLowerCase());
    assertEquals(java.util.Optional.of("node-1"), run.nodeName());
  }

  @Test
  void defaults_optInLabelOnly_tolerateAll_runtimeClassOnReadyLabel_noUninstall() {
    Manifests m = render(ValueSets.DEFAULTS);
    JsonNode pod = installPod(m);

    assertEquals(Map.of("gvisor.dev/install", "true", "kubernetes.io/os", "linux"),
        ManifestInvariants.fields(pod.path("nodeSelector")));
    assertEquals("[{\"operator\":\"Exists\"}]", pod.path("tolerations").toString());
    assertEquals("ghcr.io/gvisor-node-installer/gvisor-node-installer:0.1.0", pod.at("/initContainers/0/image").asText());
    assertEquals("install", pod.at("/initContainers/0/args/0").asText());
    assertEquals("gvisor", m.one("RuntimeClass").at("/metadata/name").asText());
    assertEquals("runsc", m.one("RuntimeClass").path("handler").asText());
    assertEquals("80Mi", m.one("RuntimeClass").at("/overhead/podFixed/memory").asText(), "measured: kubernetes.md");
    assertTrue(m.daemonSet("uninstall").isEmpty());
    assertTrue(m.ofKind("Namespace").isEmpty(), "Helm installs into an existing namespace by default");
    Map<String, JsonNode> env = ManifestInvariants.env(pod.at("/initContainers/0"));
    assertFalse(env.containsKey("GNI_RUNSC_FLAGS"));
    assertFalse(env.containsKey("GNI_CONTAINERD_CONFIG"));
    assertEquals("json", env.get("GNI_LOG_FORMAT").path("value").asText());
    assertEquals("112Mi", pod.at("/initContainers/0/resources/requests/memory").asText());
    assertEquals("160Mi", pod.at("/initContainers/0/resources/limits/memory").asText());
    assertEquals("100m", pod.at("/initContainers/0/resources/requests/cpu").asText());
    assertEquals("1", pod.at("/initContainers/0/resources/limits/cpu").asText());
    assertEquals(1, m.daemonSet("install").orElseThrow().at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt());
  }

  @Test
  void stagedSelector_requiresOptInAndNodeGroup() {
    Manifests m = render(ValueSets.STAGED_SELECTOR);
    JsonNode pod = installPod(m);

    assertEquals(Map.of("gvisor.dev/install", "true", "kubernetes.io/os", "linux",
        "eks.amazonaws.com/nodegroup", "sandbox-pool"), ManifestInvariants.fields(pod.path("nodeSelector")));
    assertEquals("sandbox", pod.at("/tolerations/0/key").asText());
    assertEquals("10%", m.daemonSet("install").orElseThrow().at("/spec/updateStrategy/rollingUpdate/maxUnavailable")
        .asText());
  }

  @Test
  void customLabelPrefix_feedsInstallerSelectorAndRuntimeClass() {
    Manifests m = render(ValueSets.CUSTOM_LABEL_PREFIX);
    NodeLabels labels = new NodeLabels("sandbox.example.com");

    assertEquals("true", installPod(m).path("nodeSelector").path(labels.installKey()).asText());
    assertEquals(Map.of(labels.readyKey(), "ready"),
        ManifestInvariants.fields(m.one("RuntimeClass").at("/scheduling/nodeSelector")));
    assertFalse(Chart.template(ValueSets.CUSTOM_LABEL_PREFIX.values).contains("gvisor.dev/"),
        "no key keeps the default prefix");
  }

  @Test
  void noRuntimeClass_rendersNone() {
    assertTrue(render(ValueSets.NO_RUNTIME_CLASS).ofKind("RuntimeClass").isEmpty());
  }

  @Test
  void runscFlags_commaSeparatedInKeyOrder_andOverhead() {
    Manifests m = render(ValueSets.RUNSC_FLAGS);
    Map<String, JsonNode> env = ManifestInvariants.env(installPod(m).at("/initContainers/0"));

    assertEquals("debug=false,platform=kvm,watchdog-action=panic", env.get("GNI_RUNSC_FLAGS").path("value").asText());
    assertEquals("64Mi", m.one("RuntimeClass").at("/overhead/podFixed/memory").asText());
  }

  @Test
  void uninstall_separateDaemonSetOnUninstallLabel() {
    Manifests m = render(ValueSets.UNINSTALL);
    JsonNode ds = m.daemonSet("uninstall").orElseThrow();

    assertEquals("gvisor-node-installer-uninstall", ds.at("/metadata/name").asText());
    assertEquals(Map.of("gvisor.dev/uninstall", "true", "kubernetes.io/os", "linux"),
        ManifestInvariants.fields(ds.at("/spec/template/spec/nodeSelector")));
    assertTrue(m.daemonSet("install").isPresent(), "install DaemonSet stays: nodes move by label");
    assertFalse(ds.at("/spec/selector/matchLabels").equals(
        m.daemonSet("install").orElseThrow().at("/spec/selector/matchLabels")), "selectors must not overlap");
  }

  /**
   * helm template (as helm-java runs it) leaves out hooks, so the test pod is rendered from a copy of the
   * chart whose test template has its hook annotations removed.
   */
  @Test
  void helmTestPod_runsDmesgInGvisorRuntimeClass() throws Exception {
    Path copy = Chart.copy();
    try {
      Path test = copy.resolve("templates/tests/test-gvisor.yaml");
      String source = Files.readString(test);
      assertTrue(source.contains("helm.sh/hook: test"));
      Files.writeString(test, source.lines().filter(l -> !l.contains("helm.sh/hook"))
          .collect(Collectors.joining("\n")));
      JsonNode pod = Manifests.parse(Chart.template(copy, Map.of())).one("Pod");

      assertEquals("gvisor", pod.at("/spec/runtimeClassName").asText());
      assertEquals("Never", pod.at("/spec/restartPolicy").asText());
      assertEquals("dmesg | grep -i gvisor", pod.at("/spec/containers/0/command/2").asText());
      assertEquals("busybox:1.36.1", pod.at("/spec/containers/0/image").asText());
    } finally {
      Chart.deleteTree(copy);
    }
  }
}
