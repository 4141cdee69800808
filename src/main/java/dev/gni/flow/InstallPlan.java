package dev.gni.flow;

import dev.gni.binaries.Release;
import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigPlan;
import java.util.List;
import java.util.Optional;

/**
 * Everything install will do, decided before anything is written: the verified release, the config
 * change, the shim config, and why. {@code --dry-run} prints exactly this.
 */
record InstallPlan(Distribution distribution, ContainerdVersion version, Release release, String gvisorVersion,
                   List<String> binaryChanges,
                   ConfigPlan config, String shimConfigPath, Optional<String> shimBefore, String shimAfter) {
  boolean shimChanged() {
    return shimConfigPath != null && !shimBefore.map(shimAfter::equals).orElse(false);
  }

  boolean changesAnything() {
    return !binaryChanges.isEmpty() || config.edit().changed() || shimChanged();
  }
}
