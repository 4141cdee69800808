package dev.gni.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for systemd's {@code containerd.service} around a {@link RealContainerd}, so the installer's real
 * {@code --restart command} path runs against a real daemon: {@link #script()} is a shell script that, like
 * {@code systemctl restart containerd}, stops the daemon by its PID ({@code kill -TERM}, read from
 * {@link #pidFile()}), asks this "service manager" to start it, and returns only once containerd is started
 * (exit 0) or its start failed (exit 1, containerd's own error line on stderr).
 *
 * <p>Why a manager and not {@code containerd &} in the script: PID 1 of this sandbox does not reap orphans, so a
 * daemon started by the script would stay a zombie after it is stopped; here the JVM owns and reaps it, as
 * systemd does on a node. The script and the manager talk over two FIFOs (blocking, no polling).
 *
 * <p>{@link #failNextStarts(int)} makes the next starts fail the way a broken start does on a node: the real
 * containerd binary is run with an unknown flag and its refusal is reported.
 */
public final class ContainerdService implements AutoCloseable {
  private final RealContainerd containerd;
  private final Path dir;
  private final Path request;
  private final Path reply;
  private final AtomicInteger failStarts = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private final Thread manager;
  private volatile boolean closed;

  private ContainerdService(RealContainerd containerd, Path dir) {
    this.containerd = containerd;
    this.dir = dir;
    this.request = dir.resolve("request.fifo");
    this.reply = dir.resolve("reply.fifo");
    this.manager = new Thread(this::serve, "containerd.service");
    this.manager.setDaemon(true);
  }

  /** Writes the script and the FIFOs into {@code dir} (keep it short and outside the host root) and starts managing. */
  public static ContainerdService of(RealContainerd containerd, Path dir) {
    ContainerdService s = new ContainerdService(containerd, TempDirs.mkdirs(dir));
    s.writeFiles();
    s.manager.start();
    return s;
  }

  /** The restart command for {@code --restart-command}. */
  public Path script() {
    return dir.resolve("restart-containerd");
  }

  public Path pidFile() {
    return dir.resolve("containerd.pid");
  }

  /** The next {@code n} starts fail (containerd refuses an unknown flag); the daemon stays stopped. */
  public void failNextStarts(int n) {
    failStarts.set(n);
  }

  /** How many restarts the script asked for. */
  public int restarts() {
    return restarts.get();
  }

  /** Starts the daemon if it is not running (what systemd's Restart=always would do) and records its PID. */
  public void ensureRunning() {
    if (!containerd.isRunning()) {
      containerd.start();
    }
    writePid();
  }

  /** Stops the daemon and clears the PID file (what {@code systemctl stop containerd} would do). */
  public void stop() {
    containerd.stop();
    writePid();
  }

  private void writeFiles() {
    Exec.run(Duration.ofSeconds(10), List.of("mkfifo", request.toString(), reply.toString())).orThrow();
    String sh = "#!/bin/sh\n"
        + "# stands in for 'systemctl restart containerd': stop by PID, start, return once started\n"
        + "pid=$(cat " + pidFile() + " 2>/dev/null)\n"
        + "[ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null\n"
        + "echo \"restart $pid\" > " + request + "\n"
        + "read -r answer < " + reply + "\n"
        + "case \"$answer\" in started*) exit 0 ;; esac\n"
        + "echo \"containerd.service: $answer\" >&2\n"
        + "exit 1\n";
    try {
      Files.writeString(script(), sh);
      Files.setPosixFilePermissions(script(), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writePid();
  }

  private void writePid() {
    try {
      Files.writeString(pidFile(), containerd.isRunning() ? containerd.pid() + "\n" : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serve() {
    while (!closed) {
      String line;
      try {
        line = Files.readString(request, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        return;
      }
      if (closed || line.equals("quit")) {
        return;
      }
      restarts.incrementAndGet();
      String answer = restart();
      try {
        Files.writeString(reply, answer + "\n");
      } catch (IOException e) {
        return;
      }
    }
  }

  private String restart() {
    containerd.stop(); // waits for the SIGTERM'd daemon to exit, as systemd does
    writePid();
    if (failStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      Exec.Result r = Exec.run(Duration.ofSeconds(60), List.of(containerd.binaries().containerd().toString(),
          "--gni-broken-flag"));
      return "failed: containerd exited " + r.exitCode() + ": " + firstLine(r.stderr());
    }
    try {
      containerd.start();
      writePid();
      return "started " + containerd.pid();
    } catch (RuntimeException e) {
      return "failed: " + firstLine(e.getMessage());
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().split("\\R", 2)[0];
  }

  @Override
  public void close() {
    closed = true;
    if (manager.isAlive()) {
      Thread quit = new Thread(() -> {
        try {
          Files.writeString(request, "quit\n");
        } catch (IOException ignored) {
          // the manager is gone already
        }
      });
      quit.setDaemon(true);
      quit.start();
      try {
        manager.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
