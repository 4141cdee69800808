package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link SocketWaiter} against real containerd daemons that start, stop and restart while it waits. */
class SocketWaiterTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  @RequiresRealContainerd
  void waitsForDaemonStartedAfterWaitingBegan(Series series) throws Exception {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println(series + " suite uses: " + bins.versionLine());
    Path config = CriTestConfig.forSeries(series).writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).build()) {
      CompletableFuture<Duration> waited = CompletableFuture.supplyAsync(
          () -> new SocketWaiter(containerd.socket()).await(Duration.ofSeconds(30)));
      assertFalse(waited.isDone(), "returned before containerd started");

      containerd.startWithoutWaiting();
      Duration took = waited.get(40, TimeUnit.SECONDS);

      System.out.println(series + ": socket answered after " + took.toMillis() + " ms of waiting");
      assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, took::toString);
      assertTrue(new CriLiveCheck(containerd.socket()).check().runtimeReady());
    }
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  @RequiresRealContainerd
  void seesTheDaemonGoAndComeBackAcrossRestart(Series series) {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    Path config = CriTestConfig.forSeries(series).writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(bins).config(config).start()) {
      long firstPid = containerd.pid();
      containerd.stop();
      LiveView down = new CriLiveCheck(containerd.socket(), Duration.ofSeconds(2)).check();
      assertFalse(down.reachable(), down::toString);

      containerd.startWithoutWaiting();
      Duration took = new SocketWaiter(containerd.socket()).await(Duration.ofSeconds(30));

      System.out.println(series + ": restarted (PID " + firstPid + " -> " + containerd.pid() + "), answered after "
          + took.toMillis() + " ms");
      assertTrue(new CriLiveCheck(containerd.socket()).check().runtimeReady());
    }
  }

  @Test
  void timesOutOnDeadPathWithinTheTimeout() {
    String dead = tmp.resolve("nobody.sock").toString();
    long start = System.nanoTime();

    CriTimeoutException e = assertThrows(CriTimeoutException.class,
        () -> new SocketWaiter(dead).await(Duration.ofMillis(700)));

    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs >= 700 && tookMs < 3000, "took " + tookMs + " ms");
    assertTrue(e.getMessage().contains(dead) && e.getMessage().contains("does not exist"), e.getMessage());
  }
}
