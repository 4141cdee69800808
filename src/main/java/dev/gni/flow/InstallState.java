package dev.gni.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param createdDir      the folder install created for a drop-in (an imports glob's folder that did not exist),
 *                        removed by uninstall when empty; null when install created none (then not written, so
 *                        state.json stays what earlier installers wrote)
 *
 * <p>Compared by value (the record's own equals: every component is a string, a boolean or an immutable list of
 * values), which is how install decides that state.json already says what it would write.
 */
public record InstallState(String releaseId, String configPath, String strategy, boolean configCreated,
                           List<UndoStep> configUndo, String shimConfigPath, String runtimeName,
                           String configSha256, @JsonInclude(JsonInclude.Include.NON_NULL) String createdDir) {
  public InstallState {
    configUndo = configUndo == null ? List.of() : List.copyOf(configUndo);
  }

  public InstallState(String releaseId, String configPath, String strategy, boolean configCreated,
                      List<UndoStep> configUndo, String shimConfigPath, String runtimeName, String configSha256) {
    this(releaseId, configPath, strategy, configCreated, configUndo, shimConfigPath, runtimeName, configSha256, null);
  }
}
