package dev.gni.flow;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigEdit;
import dev.gni.containerd.config.ConfigPlan;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.distro.PersistFile;
import dev.gni.host.HostFiles;
import java.util.List;
import java.util.Map;

/**
 * How the runtime gets into the config containerd reads, and out again: install plans the edit, uninstall
 * undoes the steps install recorded, status checks the file. {@link ConfigStrategies} chooses one, in one place.
 */
interface ConfigStrategy {
  /** What install changes: the config edit, and any file that keeps it across the distribution's reboots. */
  record Planned(ConfigPlan config, List<PersistFile> persist) {
  }

  /** Install: plans the edit of {@code configPath} (the main config, or the distribution's template folder). */
  Planned plan(HostFiles host, String configPath, ContainerdVersion version, RuntimeSpec spec);

  /** Uninstall: the edit that undoes exactly {@code s}'s recorded steps in the file as it is now. */
  ConfigEdit undo(HostFiles host, InstallState s);

  /** Uninstall, after the config: removes what {@link #plan} persisted beside it; true when something was. */
  default boolean removePersisted(HostFiles host, String runtime) {
    return false;
  }

  /** Status: whether the file at {@code path} (as install recorded it) carries the runtime. */
  boolean carries(HostFiles host, String path, String runtime);

  /** Status: anything more this strategy can say (the rendered config, a boot-time drop-in). */
  default void describe(HostFiles host, String runtime, Map<String, Object> status) {
  }
}
