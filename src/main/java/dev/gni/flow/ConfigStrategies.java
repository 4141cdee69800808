package dev.gni.flow;

import dev.gni.config.RunConfig;
import dev.gni.distro.Distribution;
import dev.gni.distro.GoTemplateConfig;
import java.util.Optional;

/** The one place that chooses the {@link ConfigStrategy}: install, uninstall and status all ask here. */
final class ConfigStrategies {
  private ConfigStrategies() {
  }

  /**
   * For {@code dist}'s config at {@code configPath}; {@code recorded} is the strategy name install saved, when
   * asking about an install already made (uninstall, status). --containerd-config names a plain TOML file: the
   * distribution's template or boot-time drop-in then do not apply.
   */
  static ConfigStrategy choose(Distribution dist, RunConfig cfg, String configPath, Optional<String> recorded) {
    boolean template = recorded.map(GoTemplateConfig.STRATEGY::equals)
        .orElse(dist.strategy() == Distribution.Strategy.GO_TEMPLATE && cfg.containerdConfig().isEmpty());
    if (template) {
      return new GoTemplateStrategy(dist);
    }
    if (dist.strategy() == Distribution.Strategy.CONFIG_AND_NODEADM && configPath.equals(Distribution.DEFAULT_CONFIG)) {
      return new NodeadmStrategy();
    }
    return TomlConfigStrategy.INSTANCE;
  }

  /** For a new install. */
  static ConfigStrategy forInstall(Distribution dist, RunConfig cfg, String configPath) {
    return choose(dist, cfg, configPath, Optional.empty());
  }

  /** For the install {@code s} made (uninstall, status). */
  static ConfigStrategy forState(Distribution dist, RunConfig cfg, InstallState s) {
    return choose(dist, cfg, s.configPath(), Optional.ofNullable(s.strategy()));
  }
}
