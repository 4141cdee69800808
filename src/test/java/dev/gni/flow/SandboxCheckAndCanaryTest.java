package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code --verify-sandbox} runs the installed runsc (Debian's real one) on the host through the host command
 * channel; {@code status --canary} runs the canary by hand, over CRI against a real containerd 1.7. The
 * release's shim is a stand-in ({@code /bin/true}, see {@link dev.gni.testsupport.TestHosts}), so a canary in
 * runsc fails here for real, and one in runc succeeds for real.
 */
@RequiresRealContainerd
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxCheckAndCanaryTest {
  private static LiveHost node;

  @BeforeAll
  static void start() throws Exception {
    node = LiveHost.start(Series.V1_7);
    TestImages.importPause(node.containerd);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @Order(1)
  void statusCanary_runsASandboxNow_andReportsIt() {
    // runc through the canary path; this host has no CNI, so the canary shares the node's network namespace,
    // which the installer does when runsc's flags allow it (network=none; CanaryNetworkTest)
    CliRun r = node.cli("status", "--canary", "--runtime-name", "runc", "--runsc-flag", "network=none",
        "--output", "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"canary\" : {") && r.out().contains("\"ok\" : true"), r.out());
    assertTrue(r.out().contains("\"durationMs\""), r.out());
  }

  @Test
  @Order(2)
  void verifySandbox_runsRunscDoTrueOnTheHost() {
    CliRun r = node.cli("install", "--verify-sandbox", "--runsc-flag", "platform=ptrace");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  @Order(3)
  void verifySandbox_failure_exit6_withRunscsOwnError() {
    CliRun r = node.cli("install", "--verify-sandbox", "--runsc-flag", "platform=bogus");
    assertEquals(6, r.code(), r.err());
    String line = r.err().strip();
    assertFalse(line.contains("\n"), line);
    assertTrue(line.contains("sandbox check failed: "), line);
    assertTrue(line.contains("--network=none --platform=bogus do true exited 128"), line);
    assertTrue(line.contains("unknown platform: bogus"), line);
  }

  @Test
  @Order(4)
  void statusCanary_failure_exit6_andStatusStillPrinted() {
    CliRun r = node.cli("status", "--canary", "--output", "json");
    assertEquals(6, r.code(), r.err());
    assertTrue(r.out().contains("\"ok\" : false") && r.out().contains("\"healthy\" : false"), r.out());
    assertTrue(r.err().startsWith("error: ") && !r.err().strip().contains("\n"), r.err());
  }
}
