package dev.gni.flow;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigDocument;
import dev.gni.containerd.config.ConfigEdit;
import dev.gni.containerd.config.ConfigPlanner;
import dev.gni.containerd.config.DropInLocator;
import dev.gni.containerd.config.RuntimeEntryRemover;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** containerd's TOML config, edited in place or through a drop-in on containerd 2.x ({@link ConfigPlanner} decides). */
final class TomlConfigStrategy implements ConfigStrategy {
  static final TomlConfigStrategy INSTANCE = new TomlConfigStrategy();

  private TomlConfigStrategy() {
  }

  @Override
  public Planned plan(HostFiles host, String configPath, ContainerdVersion version, RuntimeSpec spec) {
    return new Planned(new ConfigPlanner(version, spec).plan(configPath, ConfigFiles.read(host, configPath),
        new DropInLocator(host::read)), List.of());
  }

  @Override
  public ConfigEdit undo(HostFiles host, InstallState s) {
    Optional<byte[]> current = ConfigFiles.read(host, s.configPath()).map(d -> d.text().getBytes(StandardCharsets.UTF_8));
    if (current.isEmpty()) {
      return new ConfigEdit("", "", List.of(), List.of());
    }
    return RuntimeEntryRemover.undo(ConfigDocument.parse(current.get(), s.configPath()), s.configUndo());
  }

  @Override
  public boolean carries(HostFiles host, String path, String runtime) {
    return ConfigFiles.hasRuntime(host, path, runtime);
  }
}
