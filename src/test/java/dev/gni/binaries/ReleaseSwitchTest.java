package dev.gni.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.flow.StateStore;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.testsupport.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gVisor upgrade: the new release gets its own folder, {@code current} switches to it, the links follow,
 * and the old release folder stays while a running process still executes from it. The "running process"
 * is a real one: a copy of /bin/sleep started from the old release folder, seen through the real /proc.
 */
class ReleaseSwitchTest {
  @TempDir
  Path tmp;

  @Test
  void upgradeSwitchesCurrent_andKeepsTheOldReleaseWhileSomethingRunsFromIt() throws Exception {
    Path host = TestHosts.demoHost(tmp);
    LocalHostFiles files = new LocalHostFiles(new HostRoot(host), Checkpoints.NONE);
    BinaryInstaller installer = new BinaryInstaller(files, "/usr/local/bin", Checkpoints.NONE);
    StateStore store = new StateStore(files);
    ReleaseVerifier verifier = new ReleaseVerifier(Arch.current(), false);

    Release a = verifier.verify(TestHosts.release(tmp.resolve("a")));
    installer.install(a, store);
    Path bRel = TestHosts.release(tmp.resolve("b"));
    Files.copy(Path.of("/bin/sleep"), bRel.resolve("runsc"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    TestHosts.writeSums(bRel);
    Release b = verifier.verify(bRel);
    assertNotEquals(a.id(), b.id());

    Path oldDir = host.resolve("opt/gvisor-node-installer/releases/" + a.id());
    Path running = oldDir.resolve("containerd-shim-runsc-v1-running");
    Files.copy(Path.of("/bin/sleep"), running);
    running.toFile().setExecutable(true);
    Process p = new ProcessBuilder(running.toString(), "30").start();
    try {
      installer.install(b, store);
      assertEquals("releases/" + b.id(), Files.readSymbolicLink(host.resolve("opt/gvisor-node-installer/current")).toString());
      assertEquals(TestHosts.sha512(bRel.resolve("runsc")),
          TestHosts.sha512(new HostRoot(host).resolve("/usr/local/bin/runsc")));
      RunningExecutables proc = RunningExecutables.proc(Path.of("/proc"));
      assertEquals(List.of(), installer.pruneUnused(b.id(), proc), "a release in use is kept");
      assertTrue(Files.isDirectory(oldDir));
    } finally {
      p.destroyForcibly().waitFor();
    }
    List<String> removed = installer.pruneUnused(b.id(), RunningExecutables.proc(Path.of("/proc")));
    assertEquals(List.of("/opt/gvisor-node-installer/releases/" + a.id()), removed);
    assertTrue(Files.notExists(oldDir));
  }
}
