package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.config.CommandLine;
import dev.gni.config.RunConfig;
import dev.gni.distro.Distribution;
import dev.gni.distro.Distributions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one choice of config strategy, for install (nothing recorded) and for uninstall/status (what install recorded). */
class ConfigStrategiesTest {
  @ParameterizedTest(name = "{0} {1} recorded={2} -> {3}")
  @CsvSource(nullValues = "-", value = {
      "generic,    -,                            -,           TomlConfigStrategy",
      "k3s,        -,                            -,           GoTemplateStrategy",
      "rke2,       -,                            -,           GoTemplateStrategy",
      "k3s,        /etc/containerd/config.toml,  -,           TomlConfigStrategy",
      "eks-al2023, -,                            -,           NodeadmStrategy",
      "eks-al2023, /etc/containerd/other.toml,   -,           TomlConfigStrategy",
      "microk8s,   -,                            -,           TomlConfigStrategy",
      "k3s,        -,                            go-template, GoTemplateStrategy",
      "k3s,        -,                            in-place,    TomlConfigStrategy",
      "generic,    -,                            go-template, GoTemplateStrategy",
      "eks-al2023, -,                            in-place,    NodeadmStrategy",
      "generic,    -,                            drop-in,     TomlConfigStrategy"})
  void choice(String distribution, String containerdConfig, String recorded, String expected) {
    Distribution dist = Distributions.named(distribution, "test");
    RunConfig cfg = CommandLine.parse(containerdConfig == null ? List.of("install")
        : List.of("install", "--containerd-config", containerdConfig), Map.of("NODE_NAME", "n"));
    String path = cfg.containerdConfig().orElse(dist.configPath());
    assertEquals(expected, ConfigStrategies.choose(dist, cfg, path, Optional.ofNullable(recorded))
        .getClass().getSimpleName());
  }
}
