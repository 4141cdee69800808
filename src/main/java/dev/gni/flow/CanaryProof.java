package dev.gni.flow;

import dev.gni.host.BootId;
import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the last passing canary proved on this node, so that a run that changes nothing (the pod restarted on an
 * installed node) need not start a gVisor sandbox again: {@code /var/lib/gvisor-node-installer/canary-proof}
 * holds this boot's id, the release, the runtime's name, the sha256 of the containerd config and of the shim
 * config, and containerd's version. A run whose key differs in any of them (a reboot, a new release, an edited
 * config, other runsc flags, another containerd) runs the canary; so does {@code --canary-every-run}.
 *
 * <p>Why: on this machine's ptrace platform the canary is about 1.5 s of a no-op run's 2.8 s (docs/performance.md,
 * "Budgets"). What it would prove again is already proven by this boot's canary on the same parts; the live
 * check (CRI Status: the runtime loaded with the shim's type, RuntimeReady) still runs every time.
 */
final class CanaryProof {
  static final String FILE = StateStore.DIR + "/canary-proof";

  private final HostFiles files;
  private final BootId bootId;

  CanaryProof(HostFiles files, BootId bootId) {
    this.files = files;
    this.bootId = bootId;
  }

  /** The key of a canary run on these parts; empty when the boot is unknown (then the canary always runs). */
  Optional<String> key(String releaseId, String runtime, String configSha256, String shimConfigSha256,
                       Optional<String> containerdVersion) {
    return bootId.current().map(boot -> "boot " + boot + "\nrelease " + releaseId + "\nruntime " + runtime
        + "\nconfig-sha256 " + configSha256 + "\nshim-config-sha256 " + shimConfigSha256 + "\ncontainerd "
        + containerdVersion.orElse("unknown") + "\n");
  }

  /** True when a canary on exactly these parts passed during this boot. */
  boolean holds(Optional<String> key) {
    return key.isPresent() && files.read(FILE).map(b -> Arrays.equals(b, bytes(key.get()))).orElse(false);
  }

  /** Records a passed canary; writes only when the recorded key differs. */
  void record(Optional<String> key) {
    if (key.isPresent() && !holds(key)) {
      files.mkdirs(StateStore.DIR);
      files.writeAtomic(FILE, bytes(key.get()), 0600);
    }
  }

  /** A failed canary proves nothing: no later run may skip it on an older proof. */
  void clear() {
    if (files.exists(FILE)) {
      files.delete(FILE);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
