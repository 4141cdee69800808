package dev.gni.containerd.cri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The running containerd as /proc shows it (the installer runs with hostPID): the process named
 * {@code containerd} that listens on the given socket, or the only one named so; and its PATH.
 */
final class ContainerdProcess {
  private ContainerdProcess() {
  }

  /**
   * The PATH of containerd's environment. {@code sockets}: the paths containerd may have bound its socket
   * at (the node path, and the same path under the host root). Empty when no such process can be read.
   */
  static Optional<String> path(Path proc, Collection<String> sockets) {
    List<Path> named = named(proc);
    Optional<Path> pid = named.stream().filter(p -> listensOn(p, sockets)).findFirst();
    if (pid.isEmpty() && named.size() == 1) {
      pid = Optional.of(named.get(0));
    }
    return pid.flatMap(ContainerdProcess::pathVariable);
  }

  private static List<Path> named(Path proc) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(proc)) {
      dirs.filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> "containerd".equals(read(p.resolve("comm")).strip()))
          .forEach(found::add);
    } catch (IOException e) {
      return List.of();
    }
    return found;
  }

  /** True when one of the process's open sockets is bound at one of {@code sockets}. */
  private static boolean listensOn(Path pid, Collection<String> sockets) {
    Set<String> inodes = new HashSet<>();
    // /proc/PID/net/unix: "Num RefCount Protocol Flags Type St Inode Path", in the process's net namespace
    for (String line : read(pid.resolve("net/unix")).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && sockets.contains(f[7])) {
        inodes.add("socket:[" + f[6] + "]");
      }
    }
    if (inodes.isEmpty()) {
      return false;
    }
    try (Stream<Path> fds = Files.list(pid.resolve("fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return inodes.contains(Files.readSymbolicLink(fd).toString());
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<String> pathVariable(Path pid) {
    for (String entry : read(pid.resolve("environ")).split("\0")) {
      if (entry.startsWith("PATH=")) {
        return Optional.of(entry.substring("PATH=".length()));
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
