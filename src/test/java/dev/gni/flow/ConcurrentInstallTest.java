package dev.gni.flow;

import static dev.gni.flow.HostIntegrationTest.assertLive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Two installers on one node, as separate processes (the real CLI in child JVMs) against a real containerd:
 * the second waits for the host lock and then finds nothing to do; a holder killed with SIGKILL loses its
 * fcntl lock with its life, and the next installer takes over and finishes the job. The first installer is
 * held inside its lock by a restart command that waits for a "go" file (the test's gate).
 */
@RequiresRealContainerd
class ConcurrentInstallTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void twoInstallersAtOnce_oneWaitsForTheLock_noCorruption() throws Exception {
    try (LiveHost node = LiveHost.start(Series.V1_7)) {
      Path gate = gate(node);
      Process first = installer(node, gate, "first");
      awaitTrue(() -> Files.exists(node.dir.resolve("reached")), "the first installer reaches its restart");
      Process second = installer(node, node.service.script(), "second");
      awaitTrue(() -> log(node, "second").contains("waiting for /run/gvisor-node-installer.lock"),
          "the second installer waits for the lock");
      assertTrue(second.isAlive(), "it waits rather than failing");
      Files.createFile(node.dir.resolve("go"));

      assertEquals(0, exit(first), log(node, "first"));
      assertEquals(0, exit(second), log(node, "second"));
      assertTrue(log(node, "second").contains("nothing to change"), log(node, "second"));
      String config = new String(node.config());
      TomlParseResult toml = Toml.parse(config);
      assertFalse(toml.hasErrors(), toml.errors()::toString);
      assertEquals(1, config.split("runtimes\\.runsc]", -1).length - 1, "exactly one runtime entry:\n" + config);
      assertEquals(1, node.service.restarts());
      assertLive(node, true);
    }
  }

  @Test
  void holderKilledWithSigkill_lockIsTakenOver_andTheNextInstallFinishes() throws Exception {
    try (LiveHost node = LiveHost.start(Series.V1_7)) {
      Process holder = installer(node, gate(node), "holder");
      awaitTrue(() -> Files.exists(node.dir.resolve("reached")), "the holder reaches its restart");
      List<ProcessHandle> children = holder.descendants().toList();
      holder.destroyForcibly().waitFor(); // SIGKILL: no close(), no finally
      children.forEach(ProcessHandle::destroyForcibly); // its restart command would live on; not this test's point
      assertEquals(137, holder.exitValue());
      assertTrue(Files.exists(node.host.resolve("run/gvisor-node-installer.lock")), "the stale lock file stays");

      long start = System.nanoTime();
      CliRun next = node.cli("install");
      long ms = (System.nanoTime() - start) / 1_000_000;

      assertEquals(0, next.code(), next.err());
      assertTrue(ms < 30_000, "took the lock over at once, not after the 5 min timeout: " + ms + " ms");
      assertEquals(1, node.service.restarts(), "the killed holder never restarted; the next one did");
      assertLive(node, true);
    }
  }

  /** A restart command that marks it was reached, waits for the test's "go", then restarts for real. */
  private static Path gate(LiveHost node) throws IOException {
    Path gate = node.dir.resolve("gate.sh");
    Files.writeString(gate, "#!/bin/sh\ntouch " + node.dir.resolve("reached") + "\nwhile [ ! -e "
        + node.dir.resolve("go") + " ]; do sleep 0.05; done\nexec " + node.service.script() + "\n");
    Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwxr-xr-x"));
    return gate;
  }

  private static Process installer(LiveHost node, Path restartCommand, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.gni.cli.Main", "install", "--host-root", node.host.toString(), "--binaries-dir", node.release.toString(),
        "--restart", "command", "--restart-command", restartCommand.toString(), "--host-exec", "direct",
        "--containerd-socket", LiveHost.SOCKET, "--containerd-config", LiveHost.CONFIG, "--no-node-label",
        "--canary=false"));
    Path out = node.dir.resolve(name + ".log");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  private static String log(LiveHost node, String name) {
    try {
      return Files.readString(node.dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static int exit(Process p) throws InterruptedException {
    assertTrue(p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS), "installer did not finish");
    return p.exitValue();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out: " + what);
      Thread.sleep(50);
    }
  }
}
