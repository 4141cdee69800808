package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunscStateTest {
  @TempDir
  Path tmp;

  @Test
  void removesTheFilesOfThisDaemonsTasks_keepsAnotherDaemonsSandboxes() throws Exception {
    String ours = "a".repeat(64);
    String theirs = "b".repeat(64);
    Files.createDirectories(tmp.resolve("state/io.containerd.runtime.v2.task/k8s.io/" + ours));
    Path ns = Files.createDirectories(tmp.resolve("runsc/k8s.io"));
    for (String id : List.of(ours, theirs)) {
      Files.writeString(ns.resolve(id + "_sandbox:" + id + ".state"), "");
      Files.writeString(ns.resolve("runsc-" + id + ".sock"), "");
    }

    RunscState.removeTasksOf(tmp.resolve("state"), tmp.resolve("runsc"));

    try (Stream<Path> left = Files.list(ns)) {
      assertEquals(List.of(theirs + "_sandbox:" + theirs + ".state", "runsc-" + theirs + ".sock"),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
