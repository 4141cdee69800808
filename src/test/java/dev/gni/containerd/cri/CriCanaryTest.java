package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TempDirs;
import dev.gni.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CriCanary} against real containerd 1.6, 1.7 and 2.1, with the offline pause image. The daemon runs
 * on a host root whose {@code /usr/local} is empty, so the gVisor shim is certainly absent from its PATH.
 * The daemons are shared by the class; a daemon that dies under a test fails that test with its exit status,
 * signal and log tail (not with a bare "connection refused" in the next test), and the next test of that
 * series gets a fresh daemon.
 */
@RequiresRealContainerd
class CriCanaryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Map<Series, RealContainerd> DAEMONS = new EnumMap<>(Series.class);
  private static final List<Path> HOST_ROOTS = new ArrayList<>();

  /** One daemon per series for the whole class: runc plus a runsc handler whose shim is not installed. */
  private static synchronized RealContainerd daemon(Series series) throws Exception {
    RealContainerd running = DAEMONS.get(series);
    if (running != null) {
      running.assertAlive();
      return running;
    }
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println(series + " suite uses: " + bins.versionLine());
    Path hostRoot = Files.createTempDirectory("gni-canary-host-");
    HOST_ROOTS.add(hostRoot);
    CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1")
        .writeTo(hostRoot.resolve("etc/containerd/config.toml"));
    var builder = RealContainerd.builder(bins).hostRoot(hostRoot).config("/etc/containerd/config.toml");
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", bins.binDir().toString())) {
      if (Files.exists(Path.of(dir, "containerd-shim-runsc-v1"))) {
        builder.mask(dir + "/containerd-shim-runsc-v1");
      }
    }
    RealContainerd containerd = builder.start();
    DAEMONS.put(series, containerd);
    TestImages.importPause(containerd);
    return containerd;
  }

  /** Fails the test under which a daemon died; the dead one is dropped, so later tests get a fresh daemon. */
  @AfterEach
  void daemonsSurvivedTheTest() {
    List<String> deaths = new ArrayList<>();
    synchronized (CriCanaryTest.class) {
      for (Iterator<RealContainerd> it = DAEMONS.values().iterator(); it.hasNext(); ) {
        RealContainerd d = it.next();
        Optional<String> death = d.unexpectedExit();
        if (death.isPresent()) {
          deaths.add(death.get());
          d.close();
          it.remove();
        }
      }
    }
    assertEquals(List.of(), deaths, () -> String.join("\n", deaths));
  }

  @AfterAll
  static void stopDaemons() {
    DAEMONS.values().forEach(RealContainerd::close);
    DAEMONS.clear();
    HOST_ROOTS.forEach(TempDirs::deleteTree);
    HOST_ROOTS.clear();
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void runcCanaryRunsAndLeavesNothingBehind(Series series) throws Exception {
    RealContainerd containerd = daemon(series);

    Duration took = new CriCanary(containerd.socket()).run("runc", TIMEOUT);

    System.out.println(series + ": runc canary took " + took.toMillis() + " ms");
    assertTrue(took.compareTo(Duration.ZERO) > 0 && took.compareTo(TIMEOUT) < 0, took::toString);
    assertEquals(List.of(), containerd.sandboxes());
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void missingShimFailsWithCriErrorTextAndLeavesNoSandbox(Series series) throws Exception {
    RealContainerd containerd = daemon(series);

    CanaryFailedException e = assertThrows(CanaryFailedException.class,
        () -> new CriCanary(containerd.socket()).run("runsc", TIMEOUT));

    System.out.println(series + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("'runsc'"), e.getMessage());
    assertTrue(e.getMessage().contains("containerd-shim-runsc-v1"), e.getMessage());
    assertEquals(List.of(), containerd.sandboxes());
    assertEquals("", containerd.ctr("-n", "k8s.io", "containers", "ls", "-q").orThrow().strip());
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void unknownHandlerFailsWithCriErrorText(Series series) throws Exception {
    RealContainerd containerd = daemon(series);

    CanaryFailedException e = assertThrows(CanaryFailedException.class,
        () -> new CriCanary(containerd.socket()).run("no-such-handler", TIMEOUT));

    System.out.println(series + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("no-such-handler"), e.getMessage());
    assertEquals(List.of(), containerd.sandboxes());
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void sandboxCallsReportStateHandlerAndLabelsThenCloseWithoutThreads(Series series) throws Exception {
    RealContainerd containerd = daemon(series);
    SandboxSpec spec = new SandboxSpec("client-test", "uid-" + series.name(), "gni-test", 1, "/tmp/gni-logs",
        Map.of("gni-test", series.name()), true);

    try (CriClient cri = CriClient.connect(containerd.socket())) {
      String id = cri.runPodSandbox(spec, "runc", TIMEOUT);
      SandboxInfo info = cri.podSandboxStatus(id, TIMEOUT);
      List<SandboxInfo> listed = cri.listPodSandbox(Map.of("gni-test", series.name()), TIMEOUT);
      List<SandboxInfo> otherLabel = cri.listPodSandbox(Map.of("gni-test", "nope"), TIMEOUT);
      cri.stopPodSandbox(id, TIMEOUT);
      assertEquals(SandboxInfo.State.NOT_READY, cri.podSandboxStatus(id, TIMEOUT).state());
      cri.removePodSandbox(id, TIMEOUT);

      System.out.println(series + ": " + info);
      assertEquals(SandboxInfo.State.READY, info.state());
      assertEquals("runc", info.runtimeHandler());
      assertEquals(List.of("client-test", "uid-" + series.name(), "gni-test"),
          List.of(info.name(), info.uid(), info.namespace()));
      assertEquals(series.name(), info.labels().get("gni-test"));
      assertEquals(List.of(id), listed.stream().map(SandboxInfo::id).toList());
      assertEquals(List.of(), otherLabel);
    }
    assertEquals(List.of(), containerd.sandboxes());
    assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("gni-cri") && t.isAlive()).map(Thread::getName).toList());
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void timeoutMidRunStillLeavesNoSandbox(Series series) throws Exception {
    RealContainerd containerd = daemon(series);

    // 45 ms ends the call while containerd is creating the sandbox (a runc canary takes 70-100 ms here);
    // on a faster machine the canary may pass, and either way nothing may be left behind.
    try {
      new CriCanary(containerd.socket()).run("runc", Duration.ofMillis(45));
    } catch (CanaryFailedException e) {
      System.out.println(series + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("DEADLINE_EXCEEDED: no answer within"), e.getMessage());
    }
    assertEquals(List.of(), containerd.sandboxes());
  }
}
