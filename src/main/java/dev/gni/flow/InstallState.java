package dev.gni.flow;

import dev.gni.containerd.config.UndoStep;
import java.util.List;
import java.util.Objects;

/**
 * What install did to this host, kept at {@link StateStore#STATE} so that uninstall undoes exactly that.
 *
 * @param releaseId       the installed release folder
 * @param configPath      the host path of the file that carries the runtime (main config or drop-in)
 * @param strategy        in-place or drop-in
 * @param configCreated   install created that file (uninstall deletes it)
 * @param configUndo      the steps that undo install's config edit
 * @param shimConfigPath  the runsc.toml written (null when no runsc flags)
 * @param runtimeName     the CRI handler name
 * @param configSha256    sha256 of the config file as install left it
 * @param createdDir      the folder install created for a drop-in (an imports glob's folder that did not exist),
 *                        removed by uninstall when empty; null when install created none
 */
public record InstallState(String releaseId, String configPath, String strategy, boolean configCreated,
                           List<UndoStep> configUndo, String shimConfigPath, String runtimeName,
                           String configSha256, String createdDir) {
  public InstallState(String releaseId, String configPath, String strategy, boolean configCreated,
                      List<UndoStep> configUndo, String shimConfigPath, String runtimeName, String configSha256) {
    this(releaseId, configPath, strategy, configCreated, configUndo, shimConfigPath, runtimeName, configSha256, null);
  }

  // equals/hashCode written out: a record's generated ones bootstrap method handles on first use, which cost
  // a short-lived JVM ~20 ms (docs/performance.md)
  @Override
  public boolean equals(Object o) {
    return o instanceof InstallState s && Objects.equals(releaseId, s.releaseId)
        && Objects.equals(configPath, s.configPath) && Objects.equals(strategy, s.strategy)
        && configCreated == s.configCreated && Objects.equals(configUndo, s.configUndo)
        && Objects.equals(shimConfigPath, s.shimConfigPath) && Objects.equals(runtimeName, s.runtimeName)
        && Objects.equals(configSha256, s.configSha256) && Objects.equals(createdDir, s.createdDir);
  }

  @Override
  public int hashCode() {
    return Objects.hash(releaseId, configPath, strategy, configCreated, configUndo, shimConfigPath, runtimeName,
        configSha256, createdDir);
  }
}
