package dev.gni.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds the command that starts a private containerd in its own mount and network namespaces
 * ({@code unshare --mount --net}), so that it cannot touch the node's {@code /opt}, ports or sockets:
 * <ul>
 *   <li>loopback is brought up (the CRI streaming server listens on 127.0.0.1);</li>
 *   <li>{@code /opt} is replaced by {@code <host root>/opt} or a private dir (containerd's opt plugin);</li>
 *   <li>with a host root {@code H}, {@code H/etc/containerd} and {@code H/usr/local} replace the node's,
 *       so node paths written into the config resolve inside {@code H};</li>
 *   <li>masked paths get {@code /dev/null} bound over them (e.g. {@code /usr/bin/runsc});</li>
 *   <li>then the shell {@code exec}s containerd, so the launched PID is containerd's.</li>
 * </ul>
 * Mounts made inside the namespace vanish with it.
 */
final class NamespaceLaunch {
  private NamespaceLaunch() {
  }

  static List<String> command(Path containerd, String config, Path workDir, Optional<Path> hostRoot,
                              List<String> masks) {
    return command(containerd, config, workDir, hostRoot, masks, DaemonPaths.in(workDir));
  }

  /** Where the daemon keeps its root, state and gRPC socket. */
  record DaemonPaths(Path root, Path state, String socket) {
    static DaemonPaths in(Path workDir) {
      return new DaemonPaths(workDir.resolve("root"), workDir.resolve("state"), NamespaceLaunch.socket(workDir));
    }

    /** A node's own layout under a host root: /var/lib/containerd, /run/containerd, /run/containerd/containerd.sock. */
    static DaemonPaths node(Path hostRoot) {
      return new DaemonPaths(hostRoot.resolve("var/lib/containerd"), hostRoot.resolve("run/containerd"),
          hostRoot.resolve("run/containerd/containerd.sock").toString());
    }
  }

  static List<String> command(Path containerd, String config, Path workDir, Optional<Path> hostRoot,
                              List<String> masks, DaemonPaths paths) {
    StringBuilder s = new StringBuilder("set -e; ip link set lo up; ");
    if (hostRoot.isPresent()) {
      Path h = hostRoot.get();
      bind(s, h.resolve("opt").toString(), "/opt");
      bind(s, h.resolve("etc/containerd").toString(), "/etc/containerd");
      bind(s, h.resolve("usr/local").toString(), "/usr/local");
    } else {
      bind(s, workDir.resolve("opt").toString(), "/opt");
    }
    for (String m : masks) {
      bind(s, "/dev/null", m);
    }
    s.append("exec ").append(quote(containerd.toString()))
        .append(" --config ").append(quote(config))
        .append(" --root ").append(quote(paths.root().toString()))
        .append(" --state ").append(quote(paths.state().toString()))
        .append(" --address ").append(quote(paths.socket()));
    return List.of("unshare", "--mount", "--net", "--propagation", "private", "/bin/sh", "-c", s.toString());
  }

  /** The system dirs on the daemon's PATH after the caller's and the binaries' dirs. */
  static final List<String> SYSTEM_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
      "/sbin", "/bin");

  /** Starts the command with this PATH, stdout and stderr appended to the log, stdin from /dev/null. */
  static Process start(List<String> command, List<String> path, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("PATH", String.join(":", path));
    try {
      return pb.start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  static String socket(Path workDir) {
    return workDir.resolve("c.sock").toString();
  }

  private static void bind(StringBuilder s, String from, String to) {
    s.append("mount --bind ").append(quote(from)).append(' ').append(quote(to)).append("; ");
  }

  static String quote(String v) {
    return "'" + v.replace("'", "'\\''") + "'";
  }
}
