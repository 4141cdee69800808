package dev.gni.flow;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigDocument;
import dev.gni.containerd.config.ConfigEdit;
import dev.gni.containerd.config.ConfigPlan;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.distro.NodeadmDropIn;
import dev.gni.distro.PersistFile;
import dev.gni.host.HostFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EKS AL2023: the config in place now ({@link TomlConfigStrategy}), plus a nodeadm NodeConfig drop-in so that
 * nodeadm, which rewrites the config at every boot, keeps the runtime.
 */
final class NodeadmStrategy implements ConfigStrategy {
  private final ConfigStrategy config = TomlConfigStrategy.INSTANCE;

  @Override
  public Planned plan(HostFiles host, String configPath, ContainerdVersion version, RuntimeSpec spec) {
    ConfigPlan c = config.plan(host, configPath, version, spec).config();
    List<String> reasons = new ArrayList<>(c.reasons());
    List<PersistFile> persist = NodeadmDropIn.plan(host, ConfigDocument.parse(c.edit().after(), configPath).schema(),
        spec, reasons).stream().toList();
    return new Planned(new ConfigPlan(c.strategy(), c.path(), c.edit(), c.createdFile(), List.copyOf(reasons)), persist);
  }

  @Override
  public ConfigEdit undo(HostFiles host, InstallState s) {
    return config.undo(host, s);
  }

  @Override
  public boolean removePersisted(HostFiles host, String runtime) {
    return NodeadmDropIn.remove(host, runtime);
  }

  @Override
  public boolean carries(HostFiles host, String path, String runtime) {
    return config.carries(host, path, runtime);
  }

  @Override
  public void describe(HostFiles host, String runtime, Map<String, Object> status) {
    status.put("nodeadmDropIn", StatusText.fields("path", NodeadmDropIn.path(runtime),
        "present", host.exists(NodeadmDropIn.path(runtime)),
        "readAtBoot", NodeadmDropIn.supportedBy(host).isPresent()));
  }
}
