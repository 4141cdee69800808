package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.cri.CriClient;
import dev.gni.containerd.cri.SandboxSpec;
import dev.gni.testsupport.ContainerdBinaries.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: private paths, restart, refusal of shared sockets, and a clean close. */
@RequiresRealContainerd
class RealContainerdTest {
  @TempDir
  Path tmp;

  @Test
  void keepsEverythingPrivateAndRestartsWithANewPid() {
    Path config = CriTestConfig.forSeries(Series.V1_7).writeTo(tmp.resolve("config.toml"));
    try (RealContainerd c = RealContainerd.builder(ContainerdBinaries.of(Series.V1_7)).config(config).start()) {
      assertTrue(c.socket().length() < 100, c.socket());
      assertTrue(c.socket().startsWith(c.workDir().toString()));
      assertTrue(Files.exists(Path.of(c.socket() + ".ttrpc")), "ttrpc defaults to the private socket + .ttrpc");
      assertTrue(Files.isDirectory(c.workDir().resolve("opt/containerd")), "opt plugin wrote into the private /opt");
      assertTrue(Files.isDirectory(c.workDir().resolve("root")) && Files.isDirectory(c.workDir().resolve("state")));
      long first = c.pid();

      c.stop();
      assertFalse(c.isRunning());
      c.start();

      assertNotEquals(first, c.pid());
      assertTrue(c.ctr("version").ok(), c.logTail());
      assertTrue(c.logTail().contains("containerd successfully booted"), c.logTail());
    }
  }

  @Test
  void refusesConfigThatSetsASharedTtrpcSocket() throws Exception {
    Path config = Files.writeString(tmp.resolve("config.toml"),
        "version = 2\n[ttrpc]\n  address = \"/run/containerd/containerd.sock.ttrpc\"\n");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RealContainerd.builder(ContainerdBinaries.of(Series.V1_6)).config(config).build());

    assertTrue(e.getMessage().contains("ttrpc.address"), e.getMessage());
  }

  @Test
  void closeRemovesSandboxesKillsShimsAndDeletesTheDir() {
    Path config = CriTestConfig.forSeries(Series.V2_1).writeTo(tmp.resolve("config.toml"));
    RealContainerd c = RealContainerd.builder(ContainerdBinaries.of(Series.V2_1)).config(config).start();
    Path dir = c.workDir();
    TestImages.importPause(c);
    try (CriClient cri = CriClient.connect(c.socket())) {
      cri.runPodSandbox(new SandboxSpec("left-running", "u1", "gni-test", 0, "/tmp/gni-logs", Map.of(), true),
          "runc", Duration.ofSeconds(60));
    }
    assertEquals(1, c.sandboxes().size());
    assertFalse(StrayProcesses.of(dir, java.time.Instant.EPOCH).isEmpty(), "the shim runs");

    c.close();

    assertEquals(List.of(), StrayProcesses.of(dir, java.time.Instant.EPOCH));
    assertFalse(Files.exists(dir), dir + " still exists");
  }
}
