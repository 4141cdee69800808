package dev.gni.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * TEST ONLY: a fake EKS AL2023 node (a "host root" H under /tmp) driven by a REAL containerd, through
 * {@code .ci/e2e-host.sh}. See that script's header for the layout. In short:
 * <ul>
 *   <li>{@code H/etc/containerd/config.toml}: EKS AL2023 shape (v2 for containerd 1.7, v3 for 2.x), no
 *       runsc entry, private root/state/sockets/CNI dirs, sandbox image {@code localhost/local/pause:1};</li>
 *   <li>containerd runs in its own mount namespace with {@code H/etc/containerd}, {@code H/usr/local},
 *       {@code H/opt} bound over the node paths, so what the installer writes with {@code --host-root H}
 *       (ConfigPath {@code /etc/containerd/runsc.toml}, binaries in {@code /usr/local/bin}) is what
 *       containerd sees; other runsc binaries on its PATH are masked;</li>
 *   <li>{@link #restartScript()} restarts THAT daemon: pass it to the installer as
 *       {@code --restart command --restart-command <path> --host-exec direct}.</li>
 * </ul>
 * {@link #close()} stops containerd, kills its shims and sandboxes, and removes H.
 */
public final class TestHost implements AutoCloseable {
  /** The containerd series this machine has (see .ci/install-deps.sh). */
  public enum Series {
    V1_6("1.6", 2), V1_7("1.7", 2), V2_1("2.1", 3);

    private final String version;
    private final int configVersion;

    Series(String version, int configVersion) {
      this.version = version;
      this.configVersion = configVersion;
    }

    public String version() {
      return version;
    }

    /** The config file's {@code version} (2 or 3). */
    public int configVersion() {
      return configVersion;
    }
  }

  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

  private final Path root;
  private final Series series;
  private boolean closed;

  private final Thread shutdownHook;

  private TestHost(Path root, Series series) {
    this.root = root;
    this.series = series;
    // A JVM that exits without close() (e.g. a test runner killed on timeout) still removes its daemons.
    this.shutdownHook = new Thread(this::destroyQuietly, "gni-e2e-destroy-" + root.getFileName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Creates a host root for {@code series} under a fresh short directory /tmp/gni-e2e-XXXX (not started). */
  public static TestHost create(Series series) {
    Path root;
    try {
      root = Files.createTempDirectory(Path.of("/tmp"), "gni-e2e-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.delete(root); // the script refuses to reuse a directory that already holds a host root
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a temp dir under /tmp: " + e.getMessage(), e);
    }
    CiScripts.run(SCRIPT_TIMEOUT, "e2e-host.sh", "create", root.toString(), series.version());
    return new TestHost(root, series);
  }

  /** H: pass as the installer's {@code --host-root}. */
  public Path root() {
    return root;
  }

  public Series series() {
    return series;
  }

  /** The host path of containerd's config ({@code /etc/containerd/config.toml} under H). */
  public Path configFile() {
    return root.resolve("etc/containerd/config.toml");
  }

  /** containerd's socket on the real filesystem (host path /run/containerd/containerd.sock under H). */
  public Path socket() {
    return root.resolve("run/containerd/containerd.sock");
  }

  /** The script that restarts this host's containerd and returns once it answers again. */
  public Path restartScript() {
    return root.resolve("restart-containerd.sh");
  }

  /** containerd's log (all starts appended). */
  public Path containerdLog() {
    return root.resolve("e2e/containerd.log");
  }

  /** containerd's PID, or -1 when it is not running. */
  public long pid() {
    try {
      Path f = root.resolve("e2e/containerd.pid");
      return Files.exists(f) ? Long.parseLong(Files.readString(f).strip()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** The {@code ctr} of this host's containerd series. */
  public Path ctr() {
    return CiScripts.cache().resolve("containerd-" + series.version() + "/usr/bin/ctr");
  }

  public void start() {
    CiScripts.run(SCRIPT_TIMEOUT, "e2e-host.sh", "start", root.toString());
  }

  public void stop() {
    CiScripts.run(SCRIPT_TIMEOUT, "e2e-host.sh", "stop", root.toString());
  }

  /** Restarts containerd through {@link #restartScript()}, as the installer would. */
  public void restart() {
    CiScripts.Result r = CiScripts.exec(SCRIPT_TIMEOUT, List.of(restartScript().toString()));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(restartScript() + " exited " + r.exitCode() + ":\n" + r.output());
    }
  }

  /** Imports an image tarball into the {@code k8s.io} namespace (containerd must run). */
  public void importImage(Path tarball) {
    CiScripts.run(SCRIPT_TIMEOUT, "e2e-host.sh", "import-image", root.toString(), tarball.toString());
  }

  /** The last {@code maxLines} lines of containerd's log, for failure messages. */
  public String logTail(int maxLines) {
    try {
      List<String> lines = Files.readAllLines(containerdLog(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    } catch (IOException e) {
      return "(no containerd log: " + e.getMessage() + ")";
    }
  }

  /** Stops containerd, kills what it left (shims, sandboxes), removes H. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // already in the hook
      }
      CiScripts.run(SCRIPT_TIMEOUT, "e2e-host.sh", "destroy", root.toString());
    }
  }

  private void destroyQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("TestHost: cleanup of " + root + " failed: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "TestHost[" + root + ", containerd " + series.version() + "]";
  }
}
