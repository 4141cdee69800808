package dev.gni.flow;

import static dev.gni.flow.HostIntegrationTest.assertLive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.cli.GracefulStop;
import dev.gni.config.Command;
import dev.gni.config.RunConfig;
import dev.gni.containerd.CriContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.CriCanary;
import dev.gni.containerd.cri.LiveView;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import dev.gni.kube.NodeReporter;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TreeSnapshot;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM during install and uninstall, against a real containerd 2.1. In-process, {@link GracefulStop#request}
 * stands for the signal and arrives at each step boundary in turn, and once in the middle of the containerd
 * restart: the run finishes that step and ends with {@link TerminatedException}; the config on disk loads in
 * containerd ({@code config dump}); a re-run converges to the tree of an uninterrupted run. The time from the
 * signal to the run's end is measured (the worst case sizes terminationGracePeriodSeconds). A second test
 * sends a REAL SIGTERM to the installer running in its own JVM in the middle of a restart.
 */
@RequiresRealContainerd
class CrashConsistencySigtermTest {
  private long worstMillis;
  private String worstAt = "";

  @Test
  void sigtermAtEveryStep_stopsAtTheBoundary_configLoads_andAReRunConverges() throws Exception {
    try (LiveHost node = LiveHost.start(Series.V2_1)) {
      Path pristine = node.dir.resolve("saved-pristine");
      Path installed = node.dir.resolve("saved-installed");
      HostCopies.save(node.host, pristine, LiveHost.NOT_OURS);
      Map<String, String> pristineTree = node.tree();
      int installSteps = run(node, Command.INSTALL, 0, false);
      Map<String, String> installedTree = node.tree();
      HostCopies.save(node.host, installed, LiveHost.NOT_OURS);
      int uninstallSteps = run(node, Command.UNINSTALL, 0, false);
      TreeSnapshot.assertSame(pristineTree, node.tree(), "clean uninstall");

      for (Command command : List.of(Command.INSTALL, Command.UNINSTALL)) {
        boolean install = command == Command.INSTALL;
        int steps = install ? installSteps : uninstallSteps;
        for (int k = 0; k <= steps; k++) { // k = 0: SIGTERM in the middle of the restart
          HostCopies.restore(node.host, install ? pristine : installed, LiveHost.NOT_OURS);
          daemonOn(node, !install);
          int at = k;
          assertThrows(TerminatedException.class, () -> run(node, command, at, at == 0),
              command + ": SIGTERM at " + (at == 0 ? "the restart" : "step " + at));
          var dump = ContainerdBinaries.of(node.series).configDump(node.host.resolve(LiveHost.CONFIG.substring(1)))
              .error();
          assertTrue(dump.isEmpty(), command + " stopped at " + k + ": config refused: " + dump);
          run(node, command, -1, false);
          TreeSnapshot.assertSame(install ? installedTree : pristineTree, node.tree(),
              command + " re-run after SIGTERM at " + k);
          assertLive(node, install);
        }
      }
      System.out.println("[sigterm] " + installSteps + " install and " + uninstallSteps + " uninstall boundaries"
          + " plus mid-restart, each converged; worst time from SIGTERM to the run's end: " + worstMillis
          + " ms (" + worstAt + ")");
    }
  }

  /** The real signal: the installer's JVM gets SIGTERM while containerd restarts, stops after it, exit 10. */
  @Test
  void realSigterm_midRestart_exit10_afterTheRestart_thenAReRunConverges() throws Exception {
    try (LiveHost node = LiveHost.start(Series.V2_1)) {
      Map<String, String> pristineTree = node.tree();
      assertEquals(0, node.cli("install").code());
      Map<String, String> installedTree = node.tree();
      assertEquals(0, node.cli("uninstall").code());
      Path marker = node.dir.resolve("restarting");
      Path slowRestart = node.dir.resolve("slow-restart.sh");
      Files.writeString(slowRestart, "#!/bin/sh\ntouch " + marker + "\nsleep 3\nexec " + node.service.script() + "\n");
      slowRestart.toFile().setExecutable(true);
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.gni.cli.Main", "install",
          "--host-root", node.host.toString(), "--binaries-dir", node.release.toString(), "--host-exec", "direct",
          "--restart", "command", "--restart-command", slowRestart.toString(), "--restart-timeout", "30",
          "--containerd-socket", LiveHost.SOCKET, "--containerd-config", LiveHost.CONFIG, "--no-node-label",
          "--canary=false"));
      Path log = node.dir.resolve("installer.log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(marker), "the restart never began");
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit within 60 s of SIGTERM");
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(10, p.exitValue(), out);
      assertTrue(out.contains("error: stopped by SIGTERM after step 'after restart'"), out);
      System.out.println("[sigterm] real SIGTERM mid-restart: exit 10 after " + took + " ms");
      assertEquals(0, node.cli("install").code(), "a re-run converges");
      TreeSnapshot.assertSame(installedTree, node.tree(), "install re-run after a real SIGTERM");
      assertLive(node, true);
      assertEquals(0, node.cli("uninstall").code());
      TreeSnapshot.assertSame(pristineTree, node.tree(), "uninstall after");
    }
  }

  /**
   * One run. {@code sigtermAt}: 0 = never (returns the number of boundaries), k > 0 = SIGTERM arrives at the
   * k-th boundary, -1 = never (a re-run); {@code midRestart}: SIGTERM arrives inside the restart instead.
   */
  private int run(LiveHost node, Command command, int sigtermAt, boolean midRestart) {
    RunConfig cfg = RunConfig.of(command, node.installOptions());
    GracefulStop stop = new GracefulStop();
    long[] signalled = {0};
    List<String> steps = new ArrayList<>();
    Checkpoints boundaries = step -> {
      steps.add(step);
      if (!midRestart && steps.size() == sigtermAt) {
        stop.request();
        signalled[0] = System.nanoTime();
      }
      stop.reach(step);
    };
    ProcessHostExec exec = new ProcessHostExec(ProcessHostExec.Mode.DIRECT);
    Restarter real = Restarter.command(exec, cfg.restartCommand(), cfg.restartTimeout());
    Restarter restarter = new Restarter() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void restart() {
        if (midRestart) {
          stop.request();
          signalled[0] = System.nanoTime();
        }
        real.restart();
      }

      @Override
      public String describe() {
        return real.describe();
      }
    };
    HostRoot root = new HostRoot(node.host);
    String socket = root.resolve(cfg.containerdSocket()).toString();
    Node n = new Node(new LocalHostFiles(root, boundaries), exec, restarter, new CriContainerdHealth(socket),
        new CriCanary(socket), NodeReporter.NONE, boundaries, new PrintStream(OutputStream.nullOutputStream()));
    try {
      if (command == Command.INSTALL) {
        new InstallFlow(cfg, n).run();
      } else {
        new UninstallFlow(cfg, n).run();
      }
    } finally {
      if (signalled[0] != 0) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled[0]);
        if (ms > worstMillis) {
          worstMillis = ms;
          worstAt = command + (midRestart ? " mid-restart" : " at '" + steps.get(sigtermAt - 1) + "'");
        }
      }
    }
    return steps.size();
  }

  private static void daemonOn(LiveHost node, boolean runscLive) {
    LiveView v = node.live();
    if (!v.reachable() || v.runtimes().containsKey("runsc") != runscLive) {
      node.containerd.stop();
      node.service.ensureRunning();
    }
    assertLive(node, runscLive);
  }
}
