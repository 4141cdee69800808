package dev.gni.containerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.cri.CriLiveCheck;
import dev.gni.containerd.cri.LiveView;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A config that parses can still break the CRI plugin (for example a runtimes table without runc on 1.x).
 * So, per containerd version, the installer's edit of a real-shaped config is loaded by a real daemon, and
 * CRI Status (verbose) must list the new runtime beside the ones the host had, with the runtime ready.
 */
@RequiresRealContainerd
class PatchedConfigLoadsInRealDaemonTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{1} on containerd {0}")
  @CsvSource({
      "V1_6, 02-al2023-v2-1.7-no-flags, runc",
      "V1_6, 14-no-runtimes-table-keeps-runc-1.7, runc",
      "V1_7, 01-eks-al2-imports-1.7, runc",
      "V1_7, 12-gpu-nvidia-default-no-runc-1.7, nvidia",
      "V1_7, 20-empty-file-1.7, runc",
      "V2_1, 03-al2023-v3-single-quotes-2.1, runc",
      "V2_1, 13-kata-and-crun-present-2.1, kata",
      "V2_1, 15-no-runtimes-table-2.1-no-runc-needed, runc"})
  void patchedConfigLoads_andCriListsTheRuntimeBesideTheHostsOwn(Series series, String fixture, String hostRuntime)
      throws Exception {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println("containerd " + bins.version() + " daemon on patched " + fixture);
    String before = Files.readString(ConfigEditingCasesTest.CASES.resolve(fixture).resolve("before.toml"));
    ContainerdVersion version = ContainerdVersion.parse(series.seriesName(), "flag");
    ConfigPlan plan = new ConfigPlanner(version, RuntimeSpec.runsc("runsc", "/etc/containerd/runsc.toml"))
        .plan("/etc/containerd/config.toml", Optional.of(ConfigDocument.parse(before, fixture)),
            new DropInLocator(p -> Optional.empty()));
    // The daemon sees tmp/host/etc/containerd as /etc/containerd: the EKS configs name a base OCI spec
    // there, which containerd's own `ctr oci spec` provides.
    Path host = tmp.resolve("host");
    Path etc = Files.createDirectories(host.resolve("etc/containerd"));
    Files.writeString(etc.resolve("config.toml"), plan.edit().after());
    Process spec = new ProcessBuilder(bins.ctr().toString(), "oci", "spec").start();
    Files.write(etc.resolve("base-runtime-spec.json"), spec.getInputStream().readAllBytes());
    assertEquals(0, spec.waitFor());
    try (RealContainerd containerd = RealContainerd.builder(bins).hostRoot(host).config("/etc/containerd/config.toml").start()) {
      LiveView live = new CriLiveCheck(containerd.socket(), Duration.ofSeconds(60)).check(); // a deadline, not a pace
      assertTrue(live.reachable(), () -> "CRI did not answer: " + live.error() + "; log: " + containerd.logFile());
      assertTrue(live.runtimeReady(), () -> "RuntimeReady false: " + live.error());
      assertEquals(RuntimeSpec.RUNSC_TYPE, live.runtimes().get("runsc"), () -> "live runtimes: " + live.runtimes());
      assertTrue(live.runtimes().containsKey(hostRuntime), () -> "the host's runtime is gone: " + live.runtimes());
    }
  }
}
