package dev.gni.flow;

import dev.gni.containerd.config.UndoStep;
import java.util.List;

/**
 * What install did to this host, kept at {@link StateStore#STATE} so that uninstall undoes exactly that.
 *
 * @param releaseId       the installed release folder
 * @param configPath      the host path of the file that carries the runtime (main config or drop-in)
 * @param strategy        in-place, drop-in or go-template (how {@link ConfigStrategies} finds the strategy again)
 * @param configCreated   install created that file (uninstall deletes it)
 * @param configUndo      the steps that undo install's config edit
 * @param shimConfigPath  the runsc.toml written (null when no runsc flags)
 * @param runtimeName     the CRI handler name
 * @param configSha256    sha256 of the config file as install left it
 *
 * <p>Compared by value (the record's own equals: every component is a string, a boolean or an immutable list of
 * values), which is how install decides that state.json already says what it would write.
 */
public record InstallState(String releaseId, String configPath, String strategy, boolean configCreated,
                           List<UndoStep> configUndo, String shimConfigPath, String runtimeName,
                           String configSha256) {
  public InstallState {
    configUndo = configUndo == null ? List.of() : List.copyOf(configUndo);
  }
}
