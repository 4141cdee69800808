package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link CriLiveCheck} and {@link CriClient} Version/Status against real containerd 1.6, 1.7 and 2.1. */
@RequiresRealContainerd
class CriLiveCheckTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  void builtInConfigServesRuncAndIsReady(Series series) {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println(series + " suite uses: " + bins.versionLine());
    Path config = CriTestConfig.forSeries(series).builtInRuntimesOnly().writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).start()) {
      LiveView view = new CriLiveCheck(containerd.socket(), DEADLINE).check();

      assertTrue(view.reachable(), () -> "not reachable: " + view.error());
      assertTrue(view.runtimeReady(), () -> "RuntimeReady is false: " + view.error());
      assertEquals("io.containerd.runc.v2", view.runtimes().get("runc"), () -> "runtimes: " + view.runtimes());
      assertEquals(Optional.of(bins.version()), view.version());
      assertEquals(Optional.empty(), view.error());
    }
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void configThatAddsRunscListsItLive(Series series) {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println(series + " suite uses: " + bins.versionLine());
    Path config = CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1")
        .writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).start()) {
      LiveView view = new CriLiveCheck(containerd.socket(), DEADLINE).check();

      assertEquals("io.containerd.runsc.v1", view.runtimes().get("runsc"), () -> "runtimes: " + view.runtimes());
      assertEquals("io.containerd.runc.v2", view.runtimes().get("runc"));
      assertTrue(view.serves("runsc", "io.containerd.runsc.v1"), view::toString);
      assertTrue(!view.serves("runsc", "io.containerd.runc.v2"), view::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void versionAndStatusCallsReportTheDaemon(Series series) {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println(series + " suite uses: " + bins.versionLine());
    Path config = CriTestConfig.forSeries(series).writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).start();
         CriClient cri = CriClient.connect(containerd.socket())) {
      RuntimeVersion version = cri.version(DEADLINE);
      RuntimeStatus status = cri.status(DEADLINE);

      assertEquals("containerd", version.runtimeName());
      assertEquals(bins.version(), version.runtimeVersion());
      assertEquals("v1", version.runtimeApiVersion());
      assertTrue(status.runtimeReady(), () -> "conditions: " + status.conditions());
      assertTrue(status.condition(RuntimeCondition.NETWORK_READY).isPresent(), () -> "conditions: " + status.conditions());
      assertTrue(status.info().containsKey(LiveRuntimes.CONFIG_KEY), () -> "info keys: " + status.info().keySet());
    }
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void daemonWithoutCriIsNotReachableOverCri(Series series) throws Exception {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    Path config = tmp.resolve("config.toml");
    java.nio.file.Files.writeString(config, "version = " + series.configVersion()
        + "\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n");
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).start()) {
      LiveView view = new CriLiveCheck(containerd.socket(), DEADLINE).check();

      assertTrue(!view.reachable(), view::toString);
      assertTrue(view.error().orElseThrow().contains("CRI plugin is not serving"), view.error().orElseThrow());
    }
  }
}
