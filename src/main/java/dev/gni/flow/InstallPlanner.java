package dev.gni.flow;

import dev.gni.binaries.Arch;
import dev.gni.binaries.BinaryInstaller;
import dev.gni.binaries.Release;
import dev.gni.binaries.ReleaseVerifier;
import dev.gni.binaries.RunscVersion;
import dev.gni.binaries.VerifiedCopies;
import dev.gni.config.RunConfig;
import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.VersionDetector;
import dev.gni.containerd.config.ConfigPlan;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.config.ShimConfig;
import dev.gni.containerd.cri.LiveView;
import dev.gni.distro.Detector;
import dev.gni.distro.Distribution;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Works out the {@link InstallPlan}: detection, verification and planning, with no change to the host. */
final class InstallPlanner {
  private InstallPlanner() {
  }

  /** Host copies recorded as verified and unchanged are not read again (see {@link VerifiedCopies}). */
  static InstallPlan plan(RunConfig cfg, Node node, LiveView live, VerifiedCopies copies) {
    Release release = new ReleaseVerifier(Arch.current(), cfg.allowUnverified()).verify(binariesDir(cfg),
        (id, name, sha512) -> copies.intact(BinaryInstaller.hostPath(id, name), sha512));
    return plan(cfg, node, live, release, RunscVersion.of(release, copies, node.files()));
  }

  /**
   * Plans again under the lock, reusing the release verified by {@code earlier}: the release folder is the
   * installer's own (the image's, read-only), which another installer on the host cannot change, so only the
   * host side is planned afresh. Saves hashing every release file and running runsc a second time. But a
   * release file that {@code earlier} did not hash because its host copy was intact is trusted only while
   * that copy still is (another installer may have removed or replaced it while this run waited for the lock,
   * {@code copies} being the record as it is now): otherwise the release is verified again in full.
   */
  static InstallPlan replan(RunConfig cfg, Node node, LiveView live, InstallPlan earlier, VerifiedCopies copies) {
    Release release = earlier.release();
    for (String name : release.hostCopies()) {
      if (!copies.intact(BinaryInstaller.hostPath(release.id(), name), release.files().get(name))) {
        return plan(cfg, node, live, copies);
      }
    }
    copies.recordRunscVersion(release.files().get(Release.RUNSC), earlier.gvisorVersion()); // learnt before the lock
    return plan(cfg, node, live, release, earlier.gvisorVersion());
  }

  private static InstallPlan plan(RunConfig cfg, Node node, LiveView live, Release release, String gvisorVersion) {
    Distribution dist = Detector.detect(node.files(), cfg.distribution());
    ContainerdVersion version = VersionDetector.detect(cfg.containerdVersion(), () -> live, node.exec());
    String configPath = cfg.containerdConfig().orElse(dist.configPath());
    String shimPath = cfg.runscFlags().isEmpty() ? null
        : configPath.substring(0, configPath.lastIndexOf('/')) + "/runsc.toml";
    RuntimeSpec spec = RuntimeSpec.runsc(cfg.runtimeName(), shimPath);
    ConfigStrategy.Planned planned = ConfigStrategies.forInstall(dist, cfg, configPath)
        .plan(node.files(), configPath, version, spec);
    ConfigPlan config = planned.config();
    String shimAfter = shimPath == null ? null : ShimConfig.render(cfg.runscFlags());
    Optional<String> shimBefore = shimPath == null ? Optional.empty()
        : node.files().read(shimPath).map(b -> new String(b, StandardCharsets.UTF_8));
    var binaryChanges = new BinaryInstaller(node.files(), cfg.installDir(), node.checkpoints()).plan(release);
    return new InstallPlan(dist, version, release, gvisorVersion, binaryChanges, config, shimPath, shimBefore, shimAfter,
        planned.persist());
  }

  /** --binaries-dir, else the image's folder for this architecture. */
  static Path binariesDir(RunConfig cfg) {
    return cfg.binariesDir().orElse(Path.of("/opt/gvisor", Arch.current().releaseName()));
  }
}
