package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gni.config.Option;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two overrides an operator may need on some nodes, as chart values: restart containerd although its unit's
 * KillMode kills containers (restart.allowContainerKill), and switch the gVisor release under running gVisor pods
 * (upgrade.allowRunningPods). Off by default; on, each reaches the installer as the variable its option reads.
 */
class OperatorOverridesChartTest {
  private static Map<String, JsonNode> installerEnv(Map<String, Object> values) {
    Manifests m = Manifests.parse(Chart.template(values));
    JsonNode ds = m.daemonSet("install").orElseThrow();
    return ManifestInvariants.env(ds.at("/spec/template/spec/initContainers/0"));
  }

  @Test
  void defaults_neitherOverride() {
    Map<String, JsonNode> env = installerEnv(Map.of());
    assertFalse(env.containsKey(Option.ALLOW_CONTAINER_KILL.env()));
    assertFalse(env.containsKey(Option.UPGRADE_RUNNING_PODS.env()));
  }

  @Test
  void bothOn_reachTheInstallerAsTheirOptionsVariables() {
    Map<String, JsonNode> env = installerEnv(Map.of("restart", Map.of("allowContainerKill", true),
        "upgrade", Map.of("allowRunningPods", true)));
    assertEquals("true", env.get(Option.ALLOW_CONTAINER_KILL.env()).path("value").asText());
    assertEquals("true", env.get(Option.UPGRADE_RUNNING_PODS.env()).path("value").asText());
  }
}
