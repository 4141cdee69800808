package dev.gni.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the processes a private containerd left behind (shims and the containers under them) and kills exactly
 * those. A process counts only if its command line names a path inside the daemon's private dir
 * ({@code <dir>/}, so {@code /tmp/gni-12} never matches {@code /tmp/gni-123}) and it started no earlier than
 * the daemon did: the harness never kills a process it did not start, even one that reuses a PID or happens
 * to mention the dir. Kills go through {@link ProcessHandle}, which checks the start time again.
 */
final class StrayProcesses {
  private StrayProcesses() {
  }

  /** Processes (not this JVM) started at or after {@code notBefore} whose command line names a path in {@code dir}. */
  static List<ProcessHandle> of(Path dir, Instant notBefore) {
    String marker = dir.toAbsolutePath() + "/";
    List<ProcessHandle> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && cmdline(p).contains(marker)) {
          ProcessHandle.of(pid).filter(h -> startedAtOrAfter(h, notBefore)).ifPresent(found::add);
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return found;
  }

  /** SIGKILLs each process and its descendants (collected first, so none escape by reparenting). */
  static void kill(List<ProcessHandle> processes) {
    for (ProcessHandle h : processes) {
      List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
      tree.add(0, h);
      tree.forEach(ProcessHandle::destroyForcibly);
      tree.forEach(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> p).join());
    }
  }

  private static boolean startedAtOrAfter(ProcessHandle h, Instant notBefore) {
    Optional<Instant> start = h.info().startInstant();
    return start.isPresent() && !start.get().isBefore(notBefore);
  }

  private static String cmdline(Path procDir) {
    try {
      return new String(Files.readAllBytes(procDir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
