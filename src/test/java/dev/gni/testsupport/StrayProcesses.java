package dev.gni.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the processes a private containerd left behind (shims and their sandboxes) by a marker in their
 * command line, such as the private socket path, and kills exactly those PIDs and their descendants.
 */
final class StrayProcesses {
  private StrayProcesses() {
  }

  /** PIDs whose {@code /proc/PID/cmdline} contains {@code marker}, excluding this JVM. */
  static List<Long> withCommandLineContaining(String marker) {
    List<Long> pids = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && cmdline(p).contains(marker)) {
          pids.add(pid);
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return pids;
  }

  /** SIGKILLs each process and its descendants (children first collected, so none escape by reparenting). */
  static void kill(List<Long> pids) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(h -> {
        List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
        tree.add(0, h);
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(p -> p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> p).join());
      });
    }
  }

  private static String cmdline(Path procDir) {
    try {
      return new String(Files.readAllBytes(procDir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
