package dev.gni.flow;

import dev.gni.binaries.Release;
import dev.gni.binaries.Sha512;
import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigPlan;
import dev.gni.distro.Distribution;
import dev.gni.distro.PersistFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Everything install will do, decided before anything is written: the verified release, the config
 * change, the shim config, the files that keep the runtime across the distribution's rewrites, and why. {@code --dry-run} prints exactly this.
 */
record InstallPlan(Distribution distribution, ContainerdVersion version, Release release, String gvisorVersion,
                   List<String> binaryChanges,
                   ConfigPlan config, String shimConfigPath, Optional<String> shimBefore, String shimAfter,
                   List<PersistFile> persist) {
  boolean shimChanged() {
    return shimConfigPath != null && !shimBefore.map(shimAfter::equals).orElse(false);
  }

  /** sha256 of the containerd config as install leaves it (state.json, the node annotation, the canary proof). */
  String configSha256() {
    return Sha512.sha256(config.edit().after().getBytes(StandardCharsets.UTF_8));
  }

  boolean changesAnything() {
    return !binaryChanges.isEmpty() || config.edit().changed() || shimChanged()
        || persist.stream().anyMatch(PersistFile::changed);
  }
}
