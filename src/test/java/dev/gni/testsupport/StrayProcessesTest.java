package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a harness kills when it cleans up after a daemon: only processes whose command line names its dir and
 * that started since the daemon did. A PID (or any other record) that outlived its process can name another
 * program's process, e.g. another test's private containerd; that one must survive.
 */
class StrayProcessesTest {
  @TempDir
  Path tmp;
  private Process process;

  @AfterEach
  void killStandIn() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void of_findsAProcessNamingTheDir_startedSinceTheDaemon_andKillKillsIt() throws Exception {
    Path dir = tmp.resolve("gni-1");
    ProcessHandle p = standIn(dir.resolve("run/containerd/containerd.sock").toString());

    List<ProcessHandle> found = StrayProcesses.of(dir, start(p));
    assertEquals(List.of(p.pid()), found.stream().map(ProcessHandle::pid).toList());

    StrayProcesses.kill(found);
    assertFalse(p.isAlive());
  }

  @Test
  void of_sparesAProcessStartedBeforeTheDaemon_thoughItNamesTheDir() throws Exception {
    Path dir = tmp.resolve("gni-1");
    ProcessHandle bystander = standIn(dir.resolve("x").toString());

    assertEquals(List.of(), StrayProcesses.of(dir, start(bystander).plusMillis(500)));
  }

  @Test
  void of_sparesAProcessNamingADirWithTheSamePrefix() throws Exception {
    ProcessHandle bystander = standIn(tmp.resolve("gni-12").resolve("x").toString());

    assertEquals(List.of(), StrayProcesses.of(tmp.resolve("gni-1"), start(bystander)));
  }

  /** A sleeping process whose command line is {@code stand-in <arg> 300}; returns once it runs as such. */
  private ProcessHandle standIn(String arg) throws Exception {
    process = new ProcessBuilder("bash", "-c", "exec -a \"stand-in $0\" sleep 300", arg).start();
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // returns as soon as it runs
    while (!read(cmdline).startsWith("stand-in")) {
      assertTrue(System.nanoTime() < deadline, "the stand-in did not start: " + read(cmdline));
      Thread.sleep(20);
    }
    return process.toHandle();
  }

  private static Instant start(ProcessHandle p) {
    return p.info().startInstant().orElseThrow();
  }

  private static String read(Path cmdline) {
    try {
      return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
