package dev.gni.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * TEST ONLY: which runsc binaries the processes of a pod's gVisor sandbox execute, read from this machine's
 * /proc independently of the installer: every process whose command line names the pod sandbox ID (the
 * sandbox, its gofer) and whose executable is a runsc ({@code /proc/PID/exe}, as its mount namespace reads).
 */
final class SandboxProcesses {
  private SandboxProcesses() {
  }

  /** The executables, e.g. {@code /opt/gvisor-node-installer/releases/0123abcd.../runsc}. */
  static Set<String> executables(String podId) {
    Set<String> exes = new TreeSet<>();
    try (Stream<Path> pids = Files.list(Path.of("/proc"))) {
      pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmdline.contains(podId)) {
            String exe = Files.readSymbolicLink(p.resolve("exe")).toString();
            if (exe.contains("runsc") && !exe.contains("containerd-shim")) {
              exes.add(exe);
            }
          }
        } catch (IOException e) {
          // gone meanwhile, or not ours to read
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return exes;
  }
}
