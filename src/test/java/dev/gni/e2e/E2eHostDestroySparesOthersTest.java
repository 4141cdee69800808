package dev.gni.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code e2e-host.sh destroy} kills only its own host's processes. The kernel gives a dead mount namespace's
 * inode number to the next namespace anyone creates, and PIDs wrap, so the host's {@code e2e/mntns} and
 * {@code e2e/containerd.pid} may name another program's process (this once SIGKILLed a concurrent test's
 * private containerd). Here they name a bystander "containerd" in a mount namespace of its own: it survives.
 */
@RequiresRealContainerd
class E2eHostDestroySparesOthersTest {
  /** With the PID file naming it too (cmd_stop's path), and without (kill_leftovers' namespace path). */
  @ParameterizedTest(name = "PID file names it: {0}")
  @ValueSource(booleans = {true, false})
  void destroySparesAProcessThatOnlyReusesARecordedNamespaceNumber(boolean pidFileNamesIt) throws Exception {
    Path h = Files.createTempDirectory(Path.of("/tmp"), "gni-e2e-t");
    Process bystander = new ProcessBuilder("unshare", "-m", "--propagation", "private", "--",
        "bash", "-c", "exec -a containerd-bystander sleep 300").start();
    try {
      String ns = ownMountNamespaceOnceExeced(bystander.pid());
      TempDirs.mkdirs(h.resolve("e2e"));
      Files.writeString(h.resolve("e2e/env"), "SERIES=1.7\n");
      Files.writeString(h.resolve("e2e/mntns"), ns + "\n");
      if (pidFileNamesIt) {
        Files.writeString(h.resolve("e2e/containerd.pid"), bystander.pid() + "\n");
      }

      CiScripts.Result r = CiScripts.run(Duration.ofSeconds(60), "e2e-host.sh", "destroy", h.toString());

      assertTrue(bystander.isAlive(), () -> "destroy killed a process that is not the host's:\n" + r.output());
      assertFalse(Files.exists(h), r.output());
    } finally {
      bystander.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      TempDirs.deleteTree(h);
    }
  }

  /** The bystander's mount namespace, once it runs as "containerd-bystander" (unshare and bash exec'd). */
  private static String ownMountNamespaceOnceExeced(long pid) throws Exception {
    Path proc = Path.of("/proc", Long.toString(pid));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // returns as soon as it runs
    while (!cmdline(proc).startsWith("containerd-bystander")) {
      assertTrue(System.nanoTime() < deadline, "bystander did not start: " + cmdline(proc));
      Thread.sleep(20);
    }
    String ns = Files.readSymbolicLink(proc.resolve("ns/mnt")).toString();
    assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString(), ns);
    return ns;
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
