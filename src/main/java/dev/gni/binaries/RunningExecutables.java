package dev.gni.binaries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether any running process executes a file under a folder, from {@code /proc/<pid>/exe}. With
 * {@code hostPID: true} the installer's /proc shows the host's processes (shims and sandboxes).
 */
public interface RunningExecutables {
  /**
   * @param hostDir  the folder as the host sees it (how a host process's exe link reads)
   * @param localDir the same folder as the installer sees it (under the host root)
   */
  boolean anyUnder(String hostDir, Path localDir);

  /** Reads a procfs; an exe link is matched against both spellings of the folder. */
  static RunningExecutables proc(Path proc) {
    return (hostDir, localDir) -> {
      Path local = localDir.toAbsolutePath().normalize();
      try (Stream<Path> pids = Files.list(proc)) {
        return pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
            .anyMatch(p -> {
              try {
                Path exe = Files.readSymbolicLink(p.resolve("exe"));
                return exe.startsWith(Path.of(hostDir)) || exe.startsWith(local);
              } catch (IOException | UnsupportedOperationException e) {
                return false;
              }
            });
      } catch (IOException e) {
        return true; // cannot tell: keep the release
      }
    };
  }
}
