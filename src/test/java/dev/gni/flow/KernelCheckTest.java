package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The kernel floor (Linux 4.14.77, gVisor's install guide). No old kernel exists here to run on, so the
 * release string is given; the real one is checked too.
 */
class KernelCheckTest {
  @Test
  void thisHostsKernelPasses() throws Exception {
    assertDoesNotThrow(() -> KernelCheck.require(Files.readString(Path.of("/proc/sys/kernel/osrelease"))));
    assertDoesNotThrow(() -> KernelCheck.require(System.getProperty("os.version")));
  }

  @Test
  void boundaryAndDistributionSuffixes() {
    assertDoesNotThrow(() -> KernelCheck.require("4.14.77"));
    assertDoesNotThrow(() -> KernelCheck.require("5.10.0-32-cloud-amd64"));
    assertDoesNotThrow(() -> KernelCheck.require("6.1.109-118.189.amzn2023.x86_64"));
    assertThrows(PreflightException.class, () -> KernelCheck.require("4.14.76"));
    assertThrows(PreflightException.class, () -> KernelCheck.require("3.10.0-1160.el7.x86_64"));
  }

  @Test
  void refusalIsOneClearLine() {
    PreflightException e = assertThrows(PreflightException.class, () -> KernelCheck.require("4.9.0-19-amd64"));
    assertEquals("the host's kernel 4.9.0-19-amd64 is too old for gVisor, which needs Linux 4.14.77 or newer; "
        + "upgrade the node's kernel (or its OS image)", e.getMessage());
  }

  @Test
  void preflightRefusesAnOldKernel_beforeAnyWrite(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("etc/containerd"));
    var files = new dev.gni.host.LocalHostFiles(new dev.gni.host.HostRoot(tmp));
    PreflightException e = assertThrows(PreflightException.class, () -> new Preflight(files, () -> "4.4.0-210-generic")
        .check(java.util.List.of("/usr/local/bin"), "/etc/containerd/config.toml"));
    assertEquals(true, e.getMessage().startsWith("the host's kernel 4.4.0-210-generic is too old for gVisor"));
    assertDoesNotThrow(() -> new Preflight(files).check(java.util.List.of("/usr/local/bin"), "/etc/containerd/config.toml"));
  }

  @Test
  void unreadableReleaseIsOnlyWarned() {
    assertDoesNotThrow(() -> KernelCheck.require("unknown"));
  }
}
