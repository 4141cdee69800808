package dev.gni.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.Al2023Host;
import dev.gni.testsupport.ContainerdBinaries.Series;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the e2e harness on its own, WITHOUT the installer: a real containerd (1.7 and 2.1) on an EKS
 * AL2023-shaped host root, the runsc entry hand-written by {@link TestOnlyRuntimeEntry}, a restart through
 * the host's restart script, then a pod whose container's {@code dmesg} must say {@code Starting gVisor}.
 * The negative control runs the same with a do-nothing shim, and the pod sandbox must fail.
 */
@Tag("e2e")
class HarnessSelfTest {
  private static final String HANDLER = "runsc";
  private static final String IMAGE = "localhost/local/busybox:1";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void preconditions() {
    Al2023Host.require(Series.values());
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void pod_runsInGvisor_withStandInShim_afterRestartThroughScript(Series series, @TempDir Path tmp) {
    long t0 = System.nanoTime();
    Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.STAND_IN);
    Path image = TestArtifacts.busyboxImage();
    long tArtifacts = System.nanoTime();
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(image);
      long tStarted = System.nanoTime();
      try (TestCriClient cri = new TestCriClient(host.socket(), CALL_TIMEOUT)) {
        String version = cri.runtimeVersion();
        assertTrue(version.contains(series.seriesName()), "CRI reports containerd " + version);
        // Before any entry, the handler is unknown: nothing else on this machine serves "runsc".
        StatusRuntimeException before = assertThrows(StatusRuntimeException.class,
            () -> cri.runProbePod(HANDLER, tmp.resolve("pods"), IMAGE, List.of("/bin/true"), CALL_TIMEOUT));
        assertTrue(String.valueOf(before.getStatus().getDescription()).contains(HANDLER), before::toString);
      }

      TestOnlyRuntimeEntry.write(host, release, HANDLER);
      long pidBefore = host.pid();
      long tRestart0 = System.nanoTime();
      host.restart();
      long tRestarted = System.nanoTime();
      assertNotEquals(pidBefore, host.pid(), "the restart script must start a new containerd");

      try (TestCriClient cri = new TestCriClient(host.socket(), CALL_TIMEOUT)) {
        TestCriClient.ProbeResult r = cri.runProbePod(HANDLER, tmp.resolve("pods"), IMAGE,
            List.of("/bin/sh", "-c", "dmesg; echo kernel=$(uname -r)"), CALL_TIMEOUT);
        String why = "container log:\n" + r.log() + "\ncontainerd log:\n" + host.logTail(30);
        assertEquals(0, r.exitCode(), why);
        assertTrue(r.log().contains("Starting gVisor"), why);
        assertTrue(r.log().contains("kernel=4.4.0"), why); // gVisor's reported kernel, not the host's
        System.out.printf("HarnessSelfTest[containerd %s]: artifacts %d ms, create+start+import %d ms, "
                + "restart %d ms, pod+container in gVisor %d ms%n", series.seriesName(), ms(t0, tArtifacts),
            ms(tArtifacts, tStarted), ms(tRestart0, tRestarted), r.took().toMillis());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void podSandbox_fails_withDoNothingShim_negativeControl(Series series, @TempDir Path tmp) {
    Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.DO_NOTHING);
    Path image = TestArtifacts.busyboxImage();
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(image);
      TestOnlyRuntimeEntry.write(host, release, HANDLER);
      host.restart();
      try (TestCriClient cri = new TestCriClient(host.socket(), CALL_TIMEOUT)) {
        long t0 = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
            () -> cri.runProbePod(HANDLER, tmp.resolve("pods"), IMAGE, List.of("/bin/true"), CALL_TIMEOUT));
        String desc = String.valueOf(e.getStatus().getDescription());
        // It must fail in the shim, not because the handler is unknown.
        assertTrue(!desc.contains("no runtime for"), "expected a shim failure, got: " + desc);
        System.out.printf("HarnessSelfTest[containerd %s]: do-nothing shim: sandbox failed in %d ms: %s%n",
            series.seriesName(), ms(t0, System.nanoTime()), desc);
      }
    }
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
