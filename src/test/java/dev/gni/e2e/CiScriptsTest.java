package dev.gni.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class CiScriptsTest {
  @Test
  void exit3_abortsTheTest_withTheScriptsSkippedLine() {
    CiScripts.Result r = CiScripts.exec(Duration.ofSeconds(10),
        List.of("/bin/sh", "-c", "echo building; echo 'SKIPPED: archive unreachable'; exit 3"));
    TestAbortedException e = assertThrows(TestAbortedException.class, () -> CiScripts.checked(r, "build", false));
    assertTrue(e.getMessage().contains("SKIPPED: archive unreachable"), e.getMessage());
  }

  @Test
  void exit3UnderCi_failsTheTest_withTheScriptsSkippedLine() {
    CiScripts.Result r = CiScripts.exec(Duration.ofSeconds(10),
        List.of("/bin/sh", "-c", "echo building; echo 'SKIPPED: archive unreachable'; exit 3"));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> CiScripts.checked(r, "build", true));
    assertTrue(e.getMessage().contains("SKIPPED: archive unreachable"), e.getMessage());
  }

  @Test
  void otherNonZeroExit_failsWithTheOutput() {
    CiScripts.Result r = CiScripts.exec(Duration.ofSeconds(10), List.of("/bin/sh", "-c", "echo boom >&2; exit 1"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CiScripts.checked(r, "build"));
    assertTrue(e.getMessage().contains("exited 1") && e.getMessage().contains("boom"), e.getMessage());
  }

  @Test
  void exit0_returnsTheLastLine() {
    CiScripts.Result r = CiScripts.exec(Duration.ofSeconds(10), List.of("/bin/sh", "-c", "echo log; echo /some/path"));
    assertEquals("/some/path", CiScripts.checked(r, "build").lastLine());
  }

  @Test
  void shimBuild_withUnreachableArchiveAndNoCache_isSkipped() throws Exception {
    java.nio.file.Path cache = java.nio.file.Files.createTempDirectory("gni-shim-skip");
    try {
      CiScripts.Result r = CiScripts.exec(Duration.ofSeconds(60), List.of("env",
          "GNI_DEBIAN_MIRROR=http://127.0.0.1:9/debian", CiScripts.ciDir().resolve("build-test-shim.sh").toString(),
          cache.toString()));
      assertEquals(CiScripts.EXIT_SKIPPED, r.exitCode(), r.output());
      assertTrue(r.output().contains("SKIPPED: Debian's archive cannot serve"), r.output());
    } finally {
      CiScripts.exec(Duration.ofSeconds(10), List.of("rm", "-rf", cache.toString()));
    }
  }
}
