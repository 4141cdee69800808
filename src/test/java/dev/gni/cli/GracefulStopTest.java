package dev.gni.cli;

import dev.gni.exit.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gni.flow.TerminatedException;
import org.junit.jupiter.api.Test;

/** {@link GracefulStop} as a step-boundary check; the real signal: CrashConsistencySigtermTest. */
class GracefulStopTest {
  @Test
  void beforeARequest_everyBoundaryPasses() {
    GracefulStop stop = new GracefulStop();
    stop.reach("after write /etc/containerd/config.toml");
    stop.reach("before restart");
  }

  @Test
  void afterARequest_theNextBoundaryStops_butATempFileIsRenamedFirst() {
    GracefulStop stop = new GracefulStop();
    stop.request();
    stop.reach("before rename /etc/containerd/config.toml"); // the written temp file still gets its rename
    TerminatedException e = assertThrows(TerminatedException.class,
        () -> stop.reach("after rename /etc/containerd/config.toml"));
    assertEquals("stopped by SIGTERM after step 'after rename /etc/containerd/config.toml'; that step is complete"
        + " and a re-run continues from there", e.getMessage());
    assertEquals(ExitCode.TERMINATED, Failure.of(e).code());
    assertEquals(10, ExitCode.TERMINATED.code());
  }

  @Test
  void uninstallBlocked_mapsToExit9() {
    assertEquals(9, Failure.of(new dev.gni.flow.UninstallBlockedException("uninstall blocked: x")).code().code());
  }
}
