package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.cri.LiveView;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TreeSnapshot;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * install and uninstall through the real CLI against a real containerd on a temporary host root, restarted
 * by the real {@code --restart command} path (a script that stops the daemon by PID and has it started
 * again). The CRI live check is asserted before and after each step, and an independent poller measures
 * how long containerd's socket was unavailable.
 */
@RequiresRealContainerd
class HostIntegrationTest {
  private static final String RUNSC = "io.containerd.runsc.v1";
  private static final String RUNC = "io.containerd.runc.v2";

  @ParameterizedTest
  @EnumSource(Series.class)
  void installThenUninstall_runtimeAbsentPresentAbsent_runcThroughout(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      Map<String, String> pristine = node.tree();
      assertLive(node, false);

      CliRun install;
      try (SocketOutage outage = SocketOutage.watch(node.socket())) {
        install = node.cli("install");
        outage.close();
        System.out.println(series + " install: " + outage);
        assertTrue(outage.outages() >= 1, "the restart must be seen by the poller: " + outage);
        assertTrue(outage.longestMillis() < 30_000, outage::toString);
      }
      assertEquals(0, install.code(), install.err());
      assertEquals(1, node.service.restarts());
      assertLive(node, true);

      CliRun status = node.cli("status", "--output", "json");
      assertTrue(status.out().contains("\"healthy\" : true"), status.out());

      CliRun again = node.cli("install");
      assertEquals(0, again.code(), again.err());
      assertEquals(1, node.service.restarts(), "a second install changes nothing and does not restart");

      CliRun uninstall;
      try (SocketOutage outage = SocketOutage.watch(node.socket())) {
        uninstall = node.cli("uninstall");
        outage.close();
        System.out.println(series + " uninstall: " + outage);
      }
      assertEquals(0, uninstall.code(), uninstall.err());
      assertEquals(2, node.service.restarts());
      assertLive(node, false);
      Map<String, String> after = node.tree();
      TreeSnapshot.assertSame(pristine, after, "host after uninstall");
    }
  }

  /** The file has the runtime, the running daemon does not: status says so, and install restarts. */
  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void runtimeInFileButNotLoaded_isDetected_andInstallRestarts(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      CliRun noRestart = node.cli("install", "--restart", "none");
      assertEquals(0, noRestart.code(), noRestart.err());
      assertEquals(0, node.service.restarts());
      assertLive(node, false);

      CliRun status = node.cli("status", "--output", "json");
      assertTrue(status.out().contains("\"present\" : true"), status.out());
      assertTrue(status.out().contains("has not loaded it"), status.out());
      assertTrue(status.out().contains("\"healthy\" : false"), status.out());

      CliRun install = node.cli("install");
      assertEquals(0, install.code(), install.err());
      assertEquals(1, node.service.restarts(), "the restart that never happened must happen now");
      assertLive(node, true);
      assertTrue(node.cli("status", "--output", "json").out().contains("\"healthy\" : true"));
    }
  }

  static void assertLive(LiveHost node, boolean runscExpected) {
    LiveView v = node.live();
    assertTrue(v.reachable() && v.runtimeReady(), v::toString);
    assertTrue(v.serves("runc", RUNC), () -> "runc must stay live: " + v);
    if (runscExpected) {
      assertTrue(v.serves("runsc", RUNSC), () -> "runsc must be live: " + v);
    } else {
      assertFalse(v.runtimes().containsKey("runsc"), () -> "runsc must not be live: " + v);
    }
  }
}
