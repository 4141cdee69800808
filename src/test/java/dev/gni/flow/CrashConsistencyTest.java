package dev.gni.flow;

import static dev.gni.flow.HostIntegrationTest.assertLive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.config.Command;
import dev.gni.config.RunConfig;
import dev.gni.containerd.CriContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.CriCanary;
import dev.gni.containerd.cri.CriLiveCheck;
import dev.gni.containerd.cri.LiveView;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import dev.gni.kube.NodeReporter;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash consistency by fault injection, against a real containerd: install, and separately uninstall, are
 * aborted at every step boundary in turn (each {@link Checkpoints#reach} call: after each file written, before
 * and after each rename, after each delete, before and after the restart) and once "during the restart"
 * (containerd stopped, the installer gone before starting it). After each abort: the containerd config on
 * disk is one the real containerd loads ({@code config dump}) with a working CRI plugin (a daemon started on
 * it reports RuntimeReady; one daemon per distinct config content), and a re-run converges: to the same tree
 * as a clean install, or, for uninstall, to the original host byte for byte; the live runtimes follow.
 */
@RequiresRealContainerd
class CrashConsistencyTest {
  private final Map<String, String> verifiedConfigs = new HashMap<>();

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void abortAtEveryStep_configStaysLoadable_andAReRunConverges(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      Path pristine = node.dir.resolve("saved-pristine");
      Path installed = node.dir.resolve("saved-installed");
      HostCopies.save(node.host, pristine, LiveHost.NOT_OURS);
      Map<String, String> pristineTree = node.tree();

      CrashAt count = CrashAt.never();
      run(node, Command.INSTALL, count);
      Map<String, String> installedTree = node.tree();
      HostCopies.save(node.host, installed, LiveHost.NOT_OURS);
      assertLive(node, true);

      CrashAt countUninstall = CrashAt.never();
      run(node, Command.UNINSTALL, countUninstall);
      TreeSnapshot.assertSame(pristineTree, node.tree(), "clean uninstall");

      for (int k = 1; k <= count.reached(); k++) {
        HostCopies.restore(node.host, pristine, LiveHost.NOT_OURS);
        ensureDaemonOn(node, false);
        String step = crashAt(node, Command.INSTALL, k);
        checkConfigLoads(node, "install crash at " + k + " (" + step + ")");
        run(node, Command.INSTALL, CrashAt.never());
        TreeSnapshot.assertSame(installedTree, node.tree(), "install re-run after a crash at " + step);
        assertLive(node, true);
      }
      for (int k = 1; k <= countUninstall.reached(); k++) {
        HostCopies.restore(node.host, installed, LiveHost.NOT_OURS);
        ensureDaemonOn(node, true);
        String step = crashAt(node, Command.UNINSTALL, k);
        checkConfigLoads(node, "uninstall crash at " + k + " (" + step + ")");
        run(node, Command.UNINSTALL, CrashAt.never());
        TreeSnapshot.assertSame(pristineTree, node.tree(), "uninstall re-run after a crash at " + step);
        assertLive(node, false);
      }
      System.out.println(series + " crash consistency: " + count.reached() + " injection points for install "
          + count.steps() + ", " + countUninstall.reached() + " for uninstall " + countUninstall.steps()
          + "; " + verifiedConfigs.size() + " distinct configs proven loadable by a real containerd");
      assertTrue(count.steps().contains("during restart") && countUninstall.steps().contains("during restart"));
      assertTrue(count.reached() >= 15 && countUninstall.reached() >= 8, count.steps()::toString);
    }
  }

  private String crashAt(LiveHost node, Command command, int k) {
    CrashAt crash = CrashAt.at(k);
    InjectedCrash e = assertThrows(InjectedCrash.class, () -> run(node, command, crash));
    return e.getMessage();
  }

  /** The daemon runs on the restored host's config (as after a node reboot), so each abort starts from a true state. */
  private static void ensureDaemonOn(LiveHost node, boolean runscLive) {
    LiveView v = node.live();
    if (!v.reachable() || v.runtimes().containsKey("runsc") != runscLive) {
      node.containerd.stop();
      node.service.ensureRunning();
    }
    assertLive(node, runscLive);
  }

  private void checkConfigLoads(LiveHost node, String when) throws Exception {
    Path file = node.host.resolve(LiveHost.CONFIG.substring(1));
    String sha = TestHosts.sha512(file);
    if (verifiedConfigs.containsKey(sha)) {
      return;
    }
    ContainerdBinaries bins = ContainerdBinaries.of(node.series);
    ContainerdBinaries.ConfigDump dump = bins.configDump(file);
    assertTrue(dump.error().isEmpty(), () -> when + ": containerd config dump refused the config: " + dump.error());
    Path copy = Files.createDirectories(node.dir.resolve("check")).resolve(sha.substring(0, 12) + ".toml");
    Files.copy(file, copy);
    try (RealContainerd c = RealContainerd.builder(bins).config(copy).start()) {
      LiveView v = new CriLiveCheck(c.socket(), LiveHost.CRI_DEADLINE).check();
      assertTrue(v.reachable() && v.runtimeReady(), () -> when + ": CRI not ready on the config on disk: " + v);
    }
    verifiedConfigs.put(sha, when);
  }

  private static void run(LiveHost node, Command command, CrashAt crash) {
    RunConfig cfg = RunConfig.of(command, node.installOptions());
    Node n = node(node, cfg, crash);
    if (command == Command.INSTALL) {
      new InstallFlow(cfg, n).run();
    } else {
      new UninstallFlow(cfg, n).run();
    }
  }

  /** The production components (as Wiring builds them), with the crash points in both the files and the flow. */
  private static Node node(LiveHost node, RunConfig cfg, CrashAt crash) {
    HostRoot root = new HostRoot(node.host);
    ProcessHostExec exec = new ProcessHostExec(ProcessHostExec.Mode.DIRECT);
    Restarter real = Restarter.command(exec, cfg.restartCommand(), cfg.restartTimeout());
    Restarter restarter = new Restarter() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void restart() {
        crash.reach("during restart", node.containerd::stop);
        real.restart();
      }

      @Override
      public String describe() {
        return real.describe();
      }
    };
    String socket = root.resolve(cfg.containerdSocket()).toString();
    return new Node(new LocalHostFiles(root, crash), exec, restarter, new CriContainerdHealth(socket),
        new CriCanary(socket), NodeReporter.NONE, crash, new PrintStream(OutputStream.nullOutputStream()));
  }

  /** Counts step boundaries and throws {@link InjectedCrash} at the k-th (0: never). */
  static final class CrashAt implements Checkpoints {
    private final int k;
    private final List<String> steps = new ArrayList<>();

    private CrashAt(int k) {
      this.k = k;
    }

    static CrashAt never() {
      return new CrashAt(0);
    }

    static CrashAt at(int k) {
      return new CrashAt(k);
    }

    @Override
    public void reach(String step) {
      reach(step, () -> { });
    }

    /** @param before what the crash leaves done at this point (e.g. containerd stopped mid-restart) */
    void reach(String step, Runnable before) {
      steps.add(step);
      if (steps.size() == k) {
        before.run();
        throw new InjectedCrash(step);
      }
    }

    int reached() {
      return steps.size();
    }

    List<String> steps() {
      return steps;
    }
  }

  /** An Error, so that no catch (RuntimeException) in the flow can tidy up after it: like a killed process. */
  static final class InjectedCrash extends Error {
    InjectedCrash(String step) {
      super(step);
    }
  }
}
