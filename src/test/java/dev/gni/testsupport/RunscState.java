package dev.gni.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * runsc's state of gVisor sandboxes that a test daemon's close killed rather than removed through CRI: files
 * named by the daemon's task IDs under the shim's runsc root ({@code /run/containerd/runsc/<namespace>}, which
 * all daemons on the machine share). Only files named by this daemon's IDs (64 hex digits) are removed.
 */
final class RunscState {
  private static final Path ROOT = Path.of("/run/containerd/runsc");

  private RunscState() {
  }

  /** Removes runsc's files of the tasks under {@code state}/io.containerd.runtime.v2.task/NAMESPACE/ID. */
  static void removeTasksOf(Path state) {
    removeTasksOf(state, ROOT);
  }

  /** As {@link #removeTasksOf(Path)}, with runsc's root given (for tests). */
  static void removeTasksOf(Path state, Path runscRoot) {
    Path tasks = state.resolve("io.containerd.runtime.v2.task");
    if (!Files.isDirectory(tasks) || !Files.isDirectory(runscRoot)) {
      return;
    }
    List<String> ids = list(tasks).flatMap(RunscState::list).map(p -> p.getFileName().toString())
        .filter(id -> id.matches("[0-9a-f]{64}")).toList();
    for (Path f : list(runscRoot).flatMap(RunscState::list).toList()) {
      String name = f.getFileName().toString();
      if (ids.stream().anyMatch(id -> name.startsWith(id + "_") || name.contains("_sandbox:" + id + ".")
          || name.equals("runsc-" + id + ".sock"))) {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          System.err.println("RunscState: could not remove " + f + ": " + e);
        }
      }
    }
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
