package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The fake EKS AL2023 node: its files, where its daemon keeps its state, what it masks, restarts, clean-up. */
@RequiresRealContainerd
class Al2023HostTest {
  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void layoutIsEksAl2023_daemonStateStaysUnderH_otherRunscMasked(Series series) throws Exception {
    try (Al2023Host host = Al2023Host.create(series)) {
      Path h = host.root();
      assertTrue(Files.readString(h.resolve("etc/os-release")).contains("PLATFORM_ID=\"platform:al2023\""));
      assertTrue(Files.isExecutable(h.resolve("usr/bin/nodeadm")));
      assertTrue(Files.readString(h.resolve("etc/containerd/base-runtime-spec.json")).contains("\"ociVersion\""));
      TomlParseResult toml = Toml.parse(host.configFile());
      assertEquals(List.of(), toml.errors());
      assertEquals(series.configVersion(), toml.getLong("version"));
      assertFalse(Files.readString(host.configFile()).contains("runsc"), "a fresh node has no runsc entry");

      host.start();
      host.importImage(TestImages.pauseTarball());

      assertEquals(h.resolve("run/containerd/containerd.sock"), host.socket());
      assertTrue(Files.exists(host.socket()));
      try (var s = Files.list(h.resolve("var/lib/containerd"))) {
        assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("io.containerd.")), "root is H's");
      }
      List<String> mounts = mountPoints(host.pid());
      assertTrue(mounts.containsAll(List.of("/etc/containerd", "/usr/local", "/opt")), mounts::toString);
      for (String runsc : Al2023Layout.otherRunscOnPath(ContainerdBinaries.of(series))) {
        assertTrue(mounts.contains(Path.of(runsc).toRealPath().toString()), runsc + " is not masked: " + mounts);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V2_1"})
  void restartScript_startsANewDaemon_alsoWhenStopped_closeKillsLeftoversAndRemovesH(Series series)
      throws Exception {
    Al2023Host host = Al2023Host.create(series);
    Path h = host.root();
    Process leftover = null;
    try {
      host.start();
      long first = host.pid();
      host.restart();
      long second = host.pid();
      assertNotEquals(first, second);
      assertTrue(host.containerd().isRunning(), host.logTail(20));

      host.stop();
      assertEquals(-1, host.pid());
      host.restart(); // what the installer does when containerd is down
      assertTrue(host.pid() > 0 && host.pid() != second, host.logTail(20));
      // a process the daemon left, e.g. a gVisor sandbox that names its bundle under H
      leftover = new ProcessBuilder("bash", "-c", "exec -a \"runsc-sandbox $0\" sleep 300",
          h.resolve("run/containerd/io.containerd.runtime.v2.task/k8s.io/x").toString()).start();
    } finally {
      host.close();
    }
    assertTrue(leftover.waitFor(30, TimeUnit.SECONDS), "close() left a process that names H running");
    assertFalse(Files.exists(h.getParent()), h.getParent() + " still exists");
  }

  /** The mount points in the daemon's mount namespace. */
  private static List<String> mountPoints(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo")).stream()
        .map(l -> l.split(" ")[4]).toList();
  }
}
