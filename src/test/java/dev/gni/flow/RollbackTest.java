package dev.gni.flow;

import static dev.gni.flow.HostIntegrationTest.assertLive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Roll back against a real containerd: the restart fails (the real containerd binary refuses to start), or
 * containerd comes back without the runtime; the previous config is put back byte for byte and proven live
 * again (exit 5, one line), or, when even that fails, exit 8 naming the backup.
 */
@RequiresRealContainerd
class RollbackTest {
  private static final String PREVIOUS = "/var/lib/gvisor-node-installer/backup/etc/containerd/config.toml.previous";

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void restartFails_configRestored_containerdServesAgain_exit5(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      byte[] before = node.config();
      node.service.failNextStarts(1);

      CliRun r = node.cli("install");

      assertEquals(5, r.code(), r.err());
      String line = r.err().strip();
      assertFalse(line.contains("\n"), "one line: " + line);
      assertTrue(line.contains("flag provided but not defined: -gni-broken-flag"), line);
      assertTrue(line.contains("the node was restored to its previous containerd config, which is live again"), line);
      assertArrayEquals(before, node.config(), "the old config is back, byte for byte");
      assertEquals(2, node.service.restarts(), "the failed restart, then the one on the restored config");
      assertLive(node, false);
      assertTrue(node.cli("status", "--output", "json").out().contains("\"installed\" : true"),
          "the binaries stay recorded so that uninstall can remove them");
      assertEquals(0, node.cli("uninstall").code());
      assertArrayEquals(before, node.config());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7"})
  void restoreFailsToo_exit8_namesTheBackup(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      byte[] before = node.config();
      node.service.failNextStarts(2);

      CliRun r = node.cli("install");

      assertEquals(8, r.code(), r.err());
      String line = r.err().strip();
      assertFalse(line.contains("\n"), "one line: " + line);
      assertTrue(line.contains("ROLLBACK FAILED"), line);
      assertTrue(line.contains(PREVIOUS), line);
      assertArrayEquals(before, Files.readAllBytes(node.host.resolve(PREVIOUS.substring(1))));
      assertArrayEquals(before, node.config(), "the file is restored even though containerd did not start");
      assertFalse(node.live().reachable());
      node.service.ensureRunning(); // what systemd's Restart=always would do
      assertLive(node, false);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7"})
  void uninstallRestartFails_exit5_oneLine_configIsTheOriginal(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      byte[] original = node.config();
      assertEquals(0, node.cli("install").code());
      node.service.failNextStarts(1);

      CliRun r = node.cli("uninstall");

      assertEquals(5, r.code(), r.err());
      String line = r.err().strip();
      assertFalse(line.contains("\n"), line);
      assertTrue(line.contains("flag provided but not defined") && line.contains("containerd did not restart"), line);
      assertArrayEquals(original, node.config());
      CliRun again = node.cli("uninstall");
      assertEquals(0, again.code(), again.err());
      assertLive(node, false);
    }
  }

  /** containerd restarts fine but reads another file: the runtime is not loaded, so the change is rolled back. */
  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void runtimeNotLoadedAfterRestart_rolledBack_exit5(Series series) throws Exception {
    try (LiveHost node = LiveHost.start(series)) {
      byte[] before = node.config();

      CliRun r = node.cli("install", "--containerd-config", "/etc/containerd/not-the-one-containerd-reads.toml");

      assertEquals(5, r.code(), r.err());
      assertTrue(r.err().contains("runtime 'runsc' is not loaded"), r.err());
      assertTrue(r.err().contains("the node was restored"), r.err());
      assertFalse(Files.exists(node.host.resolve("etc/containerd/not-the-one-containerd-reads.toml")),
          "the file install created is gone again");
      assertArrayEquals(before, node.config());
      assertEquals(2, node.service.restarts());
      assertLive(node, false);
    }
  }
}
