package dev.gni.testsupport;

import dev.gni.host.EffectiveUid;
import dev.gni.testsupport.ContainerdBinaries.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A fake EKS AL2023 node for end-to-end tests: a host root {@code H} ({@link Al2023Layout}) whose containerd is a
 * {@link RealContainerd} in host-root mode ({@code H/etc/containerd}, {@code H/usr/local} and {@code H/opt} bound
 * over the node paths, root, state and socket where a node has them, under {@code H}), managed by a
 * {@link ContainerdService}. So what the installer writes with {@code --host-root H} (a ConfigPath
 * {@code /etc/containerd/runsc.toml}, binaries in {@code /usr/local/bin}) is what containerd sees, and any other
 * runsc on containerd's PATH is masked. Run the installer with {@code --restart command --restart-command
 * <restartScript()> --host-exec direct --containerd-socket /run/containerd/containerd.sock}.
 *
 * <p>{@link #close()} removes the daemon's CRI sandboxes, stops it, kills what it left (shims, gVisor sandboxes
 * and gofers: processes started since {@link #create} whose command line names {@code H}), removes runsc's state
 * of killed sandboxes and deletes {@code H}.
 */
public final class Al2023Host implements AutoCloseable {
  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(180);

  private final Path dir;
  private final Series series;
  private final RealContainerd containerd;
  private final ContainerdService service;
  private final Instant created;

  private Al2023Host(Path dir, Series series, RealContainerd containerd, ContainerdService service, Instant created) {
    this.dir = dir;
    this.series = series;
    this.containerd = containerd;
    this.service = service;
    this.created = created;
    ExitReaper.register(this, this::removeLeftovers);
  }

  /** Skips the test (fails it under {@code CI=true}) unless this runs as root with these containerd builds. */
  public static void require(Series... series) {
    Preconditions.require(EffectiveUid.isRoot(), "needs root (mount namespaces, containerd)");
    for (Series s : series) {
      ContainerdBinaries.of(s).missing().ifPresent(why -> Preconditions.require(false, why));
    }
  }

  /** A host root for {@code series} under a fresh short dir (/tmp/gni-e2e-N/h), containerd not started. */
  public static Al2023Host create(Series series) {
    // a kernel's boot time is known to the second, so are the start times of processes computed from it
    Instant created = Instant.now().minusSeconds(2);
    Path dir;
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "gni-e2e-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temp dir under /tmp: " + e.getMessage(), e);
    }
    try {
      ContainerdBinaries binaries = ContainerdBinaries.of(series);
      Path h = dir.resolve("h");
      Al2023Layout.write(h, binaries);
      RealContainerdBuilder b = RealContainerd.builder(binaries).hostRoot(h).nodePaths().config(Al2023Layout.CONFIG);
      Al2023Layout.otherRunscOnPath(binaries).forEach(b::mask);
      RealContainerd containerd = b.build();
      return new Al2023Host(dir, series, containerd, ContainerdService.of(containerd, dir.resolve("svc")), created);
    } catch (RuntimeException e) {
      TempDirs.deleteTree(dir);
      throw e;
    }
  }

  /** H: pass as the installer's {@code --host-root}. */
  public Path root() {
    return dir.resolve("h");
  }

  public Series series() {
    return series;
  }

  /** containerd's config on the real filesystem (node path /etc/containerd/config.toml under H). */
  public Path configFile() {
    return root().resolve(Al2023Layout.CONFIG.substring(1));
  }

  /** containerd's socket on the real filesystem (node path /run/containerd/containerd.sock under H). */
  public Path socket() {
    return Path.of(containerd.socket());
  }

  /** Restarts this host's containerd the way {@code systemctl restart containerd} would (see {@link ContainerdService}). */
  public Path restartScript() {
    return service.script();
  }

  /** The daemon itself (log, ctr, sandboxes, {@link RealContainerd#assertAlive()}). */
  public RealContainerd containerd() {
    return containerd;
  }

  /** containerd's PID, or -1 when it is not running. */
  public long pid() {
    return containerd.isRunning() ? containerd.pid() : -1;
  }

  /** The {@code ctr} of this host's containerd series. */
  public Path ctr() {
    return containerd.binaries().ctr();
  }

  /** Starts containerd; returns once it answers CRI. */
  public void start() {
    if (containerd.isRunning()) {
      throw new IllegalStateException(this + ": containerd already runs");
    }
    service.ensureRunning();
  }

  /** Stops containerd (SIGTERM, SIGKILL after 15 s), as {@code systemctl stop containerd}; sandboxes stay. */
  public void stop() {
    service.stop();
  }

  /** Restarts containerd through {@link #restartScript()}, as the installer would. */
  public void restart() {
    Exec.run(RESTART_TIMEOUT, List.of(restartScript().toString())).orThrow();
  }

  /** Imports an image tarball into the {@code k8s.io} namespace; it must hold the sandbox image. */
  public void importImage(Path tarball) {
    containerd.ctr("-n", "k8s.io", "images", "import", tarball.toString()).orThrow();
    List<String> names = containerd.ctr("-n", "k8s.io", "images", "ls", "-q").orThrow().lines().toList();
    if (!names.contains(TestImages.PAUSE_REF)) {
      throw new IllegalStateException(tarball + " holds no " + TestImages.PAUSE_REF + ": " + names);
    }
  }

  /** The last {@code maxLines} lines of containerd's log (all starts), for failure messages. */
  public String logTail(int maxLines) {
    try {
      List<String> lines = Files.readAllLines(containerd.logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    } catch (IOException e) {
      return "(no containerd log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      service.close();
      containerd.close();
    } finally {
      removeLeftovers();
      ExitReaper.unregister(this);
    }
  }

  private void removeLeftovers() {
    StrayProcesses.kill(StrayProcesses.of(dir, created));
    RunscState.removeTasksOf(root().resolve("run/containerd"));
    TempDirs.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "Al2023Host[" + root() + ", " + series + "]";
  }
}
