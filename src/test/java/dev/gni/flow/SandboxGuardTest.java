package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.CriContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.CriCanary;
import dev.gni.containerd.cri.CriClient;
import dev.gni.containerd.cri.SandboxSpec;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import dev.gni.kube.NodeReporter;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TempDirs;
import dev.gni.testsupport.TestImages;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SandboxGuard} against a real containerd (1.6, 1.7, 2.1) running real pod sandboxes. STAND-IN: the
 * guarded handler is named "gvisor-like" and backed by runc, because this test needs sandboxes that really run
 * under a handler and gVisor's shim is not on this daemon's PATH; the guard only compares handler names, and
 * InstallerEndToEndTest blocks an uninstall under a real gVisor sandbox.
 */
@RequiresRealContainerd
class SandboxGuardTest {
  private static final String HANDLER = "gvisor-like";
  private static final Duration T = Duration.ofSeconds(60);

  @ParameterizedTest
  @EnumSource(Series.class)
  void readyPodsWithTheHandler_block_namingThem_butStoppedCanaryAndOtherHandlersDoNot(Series series)
      throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "gni-guard-");
    CriTestConfig.forSeries(series).runtime(HANDLER, "io.containerd.runc.v2")
        .writeTo(dir.resolve("h/etc/containerd/config.toml"));
    try (RealContainerd c = RealContainerd.builder(ContainerdBinaries.of(series)).hostRoot(dir.resolve("h"))
        .config("/etc/containerd/config.toml").start(); CriClient cri = CriClient.connect(c.socket())) {
      TestImages.importPause(c);
      SandboxGuard guard = new SandboxGuard(node(c.socket()), HANDLER, "node-1");
      assertEquals(List.of(), guard.check(true, false), "no sandbox yet");

      cri.runPodSandbox(spec("web-0", "shop", Map.of()), "runc", T); // another handler: never blocks
      cri.runPodSandbox(spec("gni-canary-1", CriCanary.NAMESPACE, Map.of(CriCanary.RUN_LABEL, "r1")), HANDLER, T);
      String stopped = cri.runPodSandbox(spec("done-0", "batch", Map.of()), HANDLER, T);
      cri.stopPodSandbox(stopped, T); // NOT_READY: its pod no longer needs the runtime
      assertEquals(List.of(), guard.check(true, false), "runc, our canary and a stopped sandbox do not block");

      cri.runPodSandbox(spec("api-1", "shop", Map.of()), HANDLER, T);
      cri.runPodSandbox(spec("job-7", "batch", Map.of()), HANDLER, T);
      UninstallBlockedException e = assertThrows(UninstallBlockedException.class, () -> guard.check(true, false));
      assertEquals("uninstall blocked: 2 pods run in gVisor (runtime handler 'gvisor-like') on this node:"
          + " batch/job-7, shop/api-1; drain the node (kubectl drain node-1 --ignore-daemonsets) or delete those"
          + " pods, then retry; --force uninstalls anyway and strands them", e.getMessage());
      assertEquals(List.of("batch/job-7", "shop/api-1"), guard.check(true, true), "--force: warned, not refused");
    } finally {
      TempDirs.deleteTree(dir);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = "V2_1")
  void containerdDown_blocksWhileTheConfigHasTheRuntime_notAfterAnEarlierUninstallRevertedIt(Series series)
      throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "gni-guard-");
    try {
      SandboxGuard guard = new SandboxGuard(node(dir.resolve("nothing.sock").toString()), HANDLER, "node-1");
      UninstallBlockedException e = assertThrows(UninstallBlockedException.class, () -> guard.check(true, false));
      assertTrue(e.getMessage().startsWith("uninstall blocked: cannot list pod sandboxes to check that no pod runs"
          + " in gVisor: CRI ListPodSandbox on ") && e.getMessage().endsWith("; start containerd and retry, or"
          + " pass --force"), e.getMessage());
      assertEquals(List.of(), guard.check(false, false), "config already reverted: an earlier run passed");
      assertEquals(List.of(), guard.check(true, true), "--force");
    } finally {
      TempDirs.deleteTree(dir);
    }
  }

  private static SandboxSpec spec(String name, String namespace, Map<String, String> labels) {
    return new SandboxSpec(name, name + "-uid", namespace, 0, "/tmp/gni-guard-logs", labels, true);
  }

  private static Node node(String socket) {
    Path root = Path.of("/tmp");
    return new Node(new LocalHostFiles(new HostRoot(root)), new ProcessHostExec(ProcessHostExec.Mode.DIRECT),
        Restarter.NONE, new CriContainerdHealth(socket), new CriCanary(socket), NodeReporter.NONE, Checkpoints.NONE,
        new PrintStream(OutputStream.nullOutputStream()));
  }
}
