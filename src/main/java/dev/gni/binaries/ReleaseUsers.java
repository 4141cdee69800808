package dev.gni.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which release folder each running gVisor process executes from, and for whom: the shims, sandboxes and
 * gofers whose {@code /proc/<pid>/exe} lies under {@code releases/<id>/}, with the 64-hex container IDs their
 * command lines name (a shim's {@code -id}, a sandbox's and a gofer's container ID and bundle). containerd
 * names a pod's sandbox container by the pod sandbox ID, so a pod's ID appears under the release its sandbox
 * was started from. With {@code hostPID: true} the installer's /proc shows the host's processes.
 */
public interface ReleaseUsers {
  /**
   * @param hostDir  the releases folder as the host's processes see it ({@link BinaryInstaller#RELEASES})
   * @param localDir the same folder as the installer sees it (under the host root)
   * @return release id to the container IDs of the processes that execute a file of it (sorted); a release
   *         that a process without a container ID executes maps to an empty set
   */
  Map<String, Set<String>> byRelease(String hostDir, Path localDir);

  Pattern CONTAINER_ID = Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");

  /** Reads a procfs; an exe link is matched against both spellings of the folder. */
  static ReleaseUsers proc(Path proc) {
    return (hostDir, localDir) -> {
      Map<String, Set<String>> users = new TreeMap<>();
      Path host = Path.of(hostDir);
      Path local = localDir.toAbsolutePath().normalize();
      try (Stream<Path> pids = Files.list(proc)) {
        pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
          try {
            Path exe = Path.of(Files.readSymbolicLink(p.resolve("exe")).toString().replace(" (deleted)", ""));
            Path rel = exe.startsWith(host) ? host.relativize(exe) : exe.startsWith(local) ? local.relativize(exe) : null;
            if (rel == null || rel.getNameCount() < 2) {
              return;
            }
            Set<String> ids = users.computeIfAbsent(rel.getName(0).toString(), k -> new TreeSet<>());
            String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
            Matcher m = CONTAINER_ID.matcher(cmdline);
            while (m.find()) {
              ids.add(m.group());
            }
          } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            // gone meanwhile, or not a process we may read
          }
        });
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + proc + " to see which releases are in use: " + e.getMessage(), e);
      }
      return users;
    };
  }
}
