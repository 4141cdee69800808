package dev.gni.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.file.Files;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The watcher's check against a real containerd 1.7 and 2.1: live with runsc loaded; after containerd was
 * restarted without runsc (its config file for the watcher still holding it, so only CRI can tell) the check says
 * the runtime is missing from CRI, over a new connection; with containerd stopped, the socket is gone.
 */
@RequiresRealContainerd
class CriRuntimeProbeTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void live_thenRestartedWithoutRunsc_thenStopped(Series series) throws Exception {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    Path config = tmp.resolve("config.toml");
    CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1").writeTo(config);
    Path watched = tmp.resolve("watched.toml");
    Files.copy(config, watched);
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).start()) {
      CriRuntimeProbe probe = new CriRuntimeProbe(Path.of(containerd.socket()), "/run/containerd/containerd.sock",
          "runsc", new ConfigHolds(watched, "/etc/containerd/config.toml", "runsc", Optional.empty()));
      try {
        assertEquals(Health.LIVE, probe.check());
        assertEquals(Health.LIVE, probe.check(), "the kept connection answers again");

        CriTestConfig.forSeries(series).builtInRuntimesOnly().writeTo(config);
        containerd.restart();
        Health lost = probe.check();
        assertEquals(1, lost.changes().size(), lost::describe);
        assertTrue(lost.describe().startsWith("runtime 'runsc' is missing from containerd's CRI runtimes (live: ")
            && lost.describe().contains("runc"), lost::describe);

        containerd.stop();
        Health down = probe.check();
        assertTrue(down.describe().contains("is gone") || down.describe().contains("does not answer CRI"),
            down::describe);
      } finally {
        probe.close();
      }
    }
  }
}
