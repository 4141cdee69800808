package dev.gni.flow;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigEdit;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.distro.Distribution;
import dev.gni.distro.GoTemplateConfig;
import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** k3s and rke2: a marked part appended to the Go template the distribution renders into its config at every start. */
final class GoTemplateStrategy implements ConfigStrategy {
  private final Distribution dist;

  GoTemplateStrategy(Distribution dist) {
    this.dist = dist;
  }

  @Override
  public Planned plan(HostFiles host, String configPath, ContainerdVersion version, RuntimeSpec spec) {
    return new Planned(GoTemplateConfig.plan(host, dist, version, spec), List.of());
  }

  @Override
  public ConfigEdit undo(HostFiles host, InstallState s) {
    return GoTemplateConfig.undo(text(host, s.configPath()), s.configUndo());
  }

  @Override
  public boolean carries(HostFiles host, String path, String runtime) {
    return GoTemplateConfig.carries(text(host, path), runtime);
  }

  @Override
  public void describe(HostFiles host, String runtime, Map<String, Object> status) {
    status.put("renderedConfig", StatusText.fields("path", dist.configPath(),
        "present", ConfigFiles.hasRuntime(host, dist.configPath(), runtime),
        "note", dist.name() + " renders it from the template at its next start"));
  }

  private static String text(HostFiles host, String path) {
    return host.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
  }
}
