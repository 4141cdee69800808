package dev.gni.testsupport;

import dev.gni.containerd.cri.CriException;
import dev.gni.containerd.cri.SandboxInfo;
import dev.gni.containerd.cri.SocketWaiter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private, real containerd daemon for tests, started as root on a config file used exactly as given.
 *
 * <p><b>How it stays private on 1.6, 1.7 and 2.1 without touching the config:</b> root, state and the gRPC
 * socket are set with containerd's {@code --root}, {@code --state} and {@code --address} flags, which override
 * the file on all three versions; the ttrpc socket then defaults to {@code <address>.ttrpc} (checked on all
 * three), so a config that sets {@code [ttrpc] address} is refused. A wrapper config that {@code imports} the
 * real one is not used: on 1.x an import replaces whole plugin sections and its top-level values win.
 * The opt plugin's {@code /opt/containerd} is kept private by running containerd in its own mount namespace
 * with {@code /opt} bound to a private dir (see {@link NamespaceLaunch}); its own network namespace avoids
 * port clashes with other engineers' daemons. Everything lives under a short {@code /tmp/gni-*} dir (unix
 * socket paths must stay under ~100 chars). Shim and sandbox sockets still go to {@code /run/containerd/s/}.
 *
 * <p>{@link #stop()} and {@link #start()} restart the same daemon; {@link #close()} removes its CRI
 * sandboxes, stops it, kills its leftover shims (only processes started since the daemon first started that
 * name its private dir, see {@link StrayProcesses}) and deletes the dir. A JVM shutdown hook kills any
 * daemon a test forgot to close. Set {@code GNI_KEEP_CONTAINERD_DIRS=1} to keep the dirs for debugging.
 *
 * <p>A daemon that dies without {@link #stop()} (another program killed it, or it crashed) is reported by
 * {@link #assertAlive()} with its exit status, signal and log tail, instead of surfacing later as a bare
 * "connection refused" on its socket.
 */
public final class RealContainerd implements AutoCloseable {
  /**
   * Generous: costs nothing when the daemon is fast. containerd 2.1 with 600 runtime handlers
   * (CriClientCrossCheckTest) took 25 s to boot on the 2-core machine under load, and failed a 30 s limit.
   */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final ContainerdBinaries binaries;
  private final String config;
  private final Path workDir;
  private final List<String> command;
  private final List<String> path;
  private final String socket;
  private volatile Process process; // the service manager's thread restarts it (ContainerdService)
  private Instant firstStart;
  private volatile boolean stopRequested;

  RealContainerd(ContainerdBinaries binaries, String config, Path workDir, List<String> command, List<String> path,
                 String socket) {
    this.socket = socket;
    this.binaries = binaries;
    this.config = config;
    this.workDir = workDir;
    this.command = List.copyOf(command);
    this.path = List.copyOf(path);
  }

  public static RealContainerdBuilder builder(ContainerdBinaries binaries) {
    return new RealContainerdBuilder(binaries);
  }

  /**
   * Starts the daemon and waits until its gRPC socket answers: CRI {@code Version} works, or the daemon says
   * CRI is unimplemented (a config that disables or breaks the CRI plugin; check the log).
   */
  public RealContainerd start() {
    startWithoutWaiting();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(binaries.series() + " ended at start: " + DaemonExit.describe(process.exitValue())
            + "; log " + logFile() + ":\n" + logTail());
      }
      try {
        new SocketWaiter(socket()).await(Duration.ofSeconds(1));
        return this;
      } catch (CriException e) {
        if (e.getMessage().contains("UNIMPLEMENTED")) {
          return this; // gRPC answers, but the config disables or breaks the CRI plugin
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(e.getMessage() + "; log:\n" + logTail(), e);
        }
      }
    }
  }

  /** Starts the daemon and returns at once (for tests of waiting). */
  public RealContainerd startWithoutWaiting() {
    if (isRunning()) {
      throw new IllegalStateException("containerd is already running as PID " + pid());
    }
    stopRequested = false;
    process = NamespaceLaunch.start(command, path, logFile());
    if (firstStart == null) {
      firstStart = process.info().startInstant().orElseGet(Instant::now);
    }
    ExitReaper.register(this, this::kill);
    return this;
  }

  /** Stops the daemon with SIGTERM and waits for it to exit (SIGKILL after 15 s); sandboxes stay. */
  public void stop() {
    if (process == null) {
      return;
    }
    stopRequested = true;
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  public RealContainerd restart() {
    stop();
    return start();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** How the daemon ended if it exited although nobody called {@link #stop()}; empty while it runs. */
  public Optional<String> unexpectedExit() {
    if (process == null || process.isAlive() || stopRequested) {
      return Optional.empty();
    }
    return Optional.of(this + " died unexpectedly: " + DaemonExit.describe(process.exitValue())
        + " (not stopped by this harness); log " + logFile() + " ends:\n" + logTail());
  }

  /** Fails with {@link #unexpectedExit()} (exit status, signal, log tail) if the daemon died under the test. */
  public void assertAlive() {
    unexpectedExit().ifPresent(why -> {
      throw new AssertionError(why);
    });
  }

  /** containerd's PID (the launcher {@code exec}s it, so it is the started process). */
  public long pid() {
    if (process == null) {
      throw new IllegalStateException("containerd was never started");
    }
    return process.pid();
  }

  public ContainerdBinaries binaries() {
    return binaries;
  }

  /** The config path given to {@code --config}. */
  public String config() {
    return config;
  }

  public String socket() {
    return socket;
  }

  public Path workDir() {
    return workDir;
  }

  public Path logFile() {
    return workDir.resolve("containerd.log");
  }

  /** The last 40 lines of the daemon's log. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Runs {@code ctr --address <socket> ARGS...}, e.g. {@code ctr("-n", "k8s.io", "images", "ls")}. */
  public Exec.Result ctr(String... args) {
    List<String> cmd = new ArrayList<>(List.of(binaries.ctr().toString(), "--address", socket()));
    cmd.addAll(List.of(args));
    return Exec.run(Duration.ofSeconds(60), cmd);
  }

  /** CRI sandboxes that still exist, as {@code ListPodSandbox} reports them. */
  public List<SandboxInfo> sandboxes() {
    return CriSandboxes.list(socket());
  }

  @Override
  public void close() {
    if (isRunning()) {
      CriSandboxes.removeAll(socket());
    }
    stop();
    killLeftovers();
    ExitReaper.unregister(this);
    if (System.getenv("GNI_KEEP_CONTAINERD_DIRS") == null) {
      TempDirs.deleteTree(workDir);
    }
  }

  private void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
    killLeftovers();
  }

  /** Kills only what this daemon left: processes started since it first started that name its dir or socket dir. */
  private void killLeftovers() {
    if (firstStart != null) {
      StrayProcesses.kill(StrayProcesses.of(workDir, firstStart));
      Path socketDir = Path.of(socket).getParent();
      if (!socketDir.startsWith(workDir)) {
        StrayProcesses.kill(StrayProcesses.of(socketDir, firstStart));
      }
    }
  }

  @Override
  public String toString() {
    return binaries.series() + " (PID " + (process == null ? "-" : process.pid()) + ", " + socket() + ")";
  }
}
