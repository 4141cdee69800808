package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart in both readiness modes and both keep-alive choices: what the RuntimeClass selects and tolerates, the
 * env both containers get, the watcher's probe, minReadySeconds and Role, and what keepAlive: pause gives up.
 */
class ReadinessModesChartTest {
  private static Manifests render(Map<String, Object> values) {
    return Manifests.parse(Chart.template(values));
  }

  private static JsonNode runtimeClass(Manifests m) {
    return m.ofKind("RuntimeClass").get(0);
  }

  private static String env(JsonNode container, String name) {
    return ManifestInvariants.env(container).get(name).path("value").asText();
  }

  @Test
  void labelMode_default_runtimeClassSelectsReadyLabel_watcherProbesReadyFile() {
    Manifests m = render(Map.of());
    assertEquals(Map.of("gvisor.dev/runsc", "ready"), ManifestInvariants.fields(runtimeClass(m).at("/scheduling/nodeSelector")));
    assertTrue(runtimeClass(m).at("/scheduling/tolerations").isMissingNode());
    JsonNode ds = m.daemonSet("install").orElseThrow();
    JsonNode pod = ds.at("/spec/template/spec");
    assertEquals("label", env(pod.at("/initContainers/0"), "GNI_READINESS"));
    JsonNode w = pod.at("/containers/0");
    assertEquals("watcher", w.path("name").asText());
    assertEquals(List.of("test", "-f", "/run/gvisor-node-installer/ready"),
        WatcherInvariants.texts(w.at("/readinessProbe/exec/command")));
    assertEquals("30", env(w, "GNI_INTERVAL"));
    assertEquals(10, ds.at("/spec/minReadySeconds").asInt());
    JsonNode role = m.ofKind("Role").stream().filter(r -> !r.at("/metadata/name").asText().endsWith("-events"))
        .findFirst().orElseThrow();
    assertEquals("[\"pods\"]", role.at("/rules/0/resources").toString());
    assertEquals("[\"delete\"]", role.at("/rules/0/verbs").toString());
    assertTrue(m.ofKind("RoleBinding").stream().anyMatch(b -> b.at("/roleRef/name").asText()
        .equals(role.at("/metadata/name").asText())), "the watcher's Role is bound");
  }

  @Test
  void taintMode_runtimeClassSelectsPoolLabel_keepsOwnTolerations_neverTheStartupTaint() {
    Manifests m = render(Map.of("readiness", Map.of("mode", "taint"), "runtimeClass",
        Map.of("tolerations", List.of(Map.of("key", "sandbox", "operator", "Equal", "value", "true",
            "effect", "NoSchedule")))));
    JsonNode rc = runtimeClass(m);
    assertEquals(Map.of("gvisor.dev/install", "true"), ManifestInvariants.fields(rc.at("/scheduling/nodeSelector")));
    assertEquals(1, rc.at("/scheduling/tolerations").size());
    assertEquals("sandbox", rc.at("/scheduling/tolerations/0/key").asText());
    JsonNode pod = m.daemonSet("install").orElseThrow().at("/spec/template/spec");
    assertEquals("taint", env(pod.at("/initContainers/0"), "GNI_READINESS"));
    assertEquals("taint", env(pod.at("/containers/0"), "GNI_READINESS"));
    assertTrue(pod.path("tolerations").toString().contains("\"operator\":\"Exists\""),
        "the DaemonSet itself tolerates the startup taint (it must run on the tainted node)");
  }

  @Test
  void taintMode_runtimeClassToleratingStartupTaint_refused() {
    for (Map<String, Object> t : List.<Map<String, Object>>of(Map.of("key", "gvisor.dev/runsc-not-ready",
        "operator", "Exists"), Map.of("operator", "Exists"))) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> Chart.template(Map.of(
          "readiness", Map.of("mode", "taint"), "runtimeClass", Map.of("tolerations", List.of(t)))));
      assertTrue(e.getMessage().contains("must not tolerate the startup taint"), e.getMessage());
    }
  }

  @Test
  void customSelector_winsInBothModes() {
    for (String mode : List.of("label", "taint")) {
      Manifests m = render(Map.of("readiness", Map.of("mode", mode),
          "runtimeClass", Map.of("nodeSelector", Map.of("sandbox.example.com/pool", "gvisor"))));
      assertEquals(Map.of("sandbox.example.com/pool", "gvisor"),
          ManifestInvariants.fields(runtimeClass(m).at("/scheduling/nodeSelector")), mode);
    }
  }

  @Test
  void keepAlivePause_pauseContainer_noProbe_noRole_noMinReadySeconds() {
    Manifests m = render(Map.of("keepAlive", "pause"));
    JsonNode ds = m.daemonSet("install").orElseThrow();
    JsonNode c = ds.at("/spec/template/spec/containers/0");
    assertEquals("pause", c.path("name").asText());
    assertTrue(c.path("readinessProbe").isMissingNode());
    assertTrue(ds.at("/spec/minReadySeconds").isMissingNode());
    assertEquals(List.of("gvisor-node-installer-events"), m.ofKind("Role").stream()
        .map(r -> r.at("/metadata/name").asText()).toList(), "no watcher Role, only the installer's Events Role");
  }

  @Test
  void uninstallDaemonSet_neverWatches() {
    Manifests m = render(Map.of("uninstall", Map.of("enabled", true)));
    JsonNode c = m.daemonSet("uninstall").orElseThrow().at("/spec/template/spec/containers/0");
    assertEquals("pause", c.path("name").asText());
    assertFalse(m.daemonSet("uninstall").orElseThrow().at("/spec/minReadySeconds").isInt());
  }
}
