package dev.gni.flow;

import dev.gni.containerd.cri.CriClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An independent poller: asks CRI {@code Version} on the socket every 10 ms from its own thread and records
 * how long the socket did not answer (the longest gap and the total), to measure a restart's outage.
 */
final class SocketOutage implements AutoCloseable {
  private static final Duration CALL = Duration.ofMillis(250);

  private final String socket;
  private final Thread thread;
  private volatile boolean stop;
  private long longestNanos;
  private long totalNanos;
  private int outages;
  private long polls;

  private SocketOutage(String socket) {
    this.socket = socket;
    this.thread = new Thread(this::poll, "socket-outage-poller");
  }

  static SocketOutage watch(String socket) {
    SocketOutage o = new SocketOutage(socket);
    o.thread.setDaemon(true);
    o.thread.start();
    return o;
  }

  private void poll() {
    long downSince = -1;
    while (!stop) {
      boolean up = answers();
      long now = System.nanoTime();
      synchronized (this) {
        polls++;
        if (!up && downSince < 0) {
          downSince = now;
          outages++;
        } else if (up && downSince >= 0) {
          longestNanos = Math.max(longestNanos, now - downSince);
          totalNanos += now - downSince;
          downSince = -1;
        }
      }
      try {
        Thread.sleep(10); // the poller's own pace; not the installer's
      } catch (InterruptedException e) {
        return;
      }
    }
    if (downSince >= 0) {
      synchronized (this) {
        long d = System.nanoTime() - downSince;
        longestNanos = Math.max(longestNanos, d);
        totalNanos += d;
      }
    }
  }

  private boolean answers() {
    if (!Files.exists(Path.of(socket))) {
      return false;
    }
    try (CriClient cri = CriClient.connect(socket)) {
      cri.version(CALL);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  synchronized long longestMillis() {
    return longestNanos / 1_000_000;
  }

  synchronized long totalMillis() {
    return totalNanos / 1_000_000;
  }

  synchronized int outages() {
    return outages;
  }

  synchronized long polls() {
    return polls;
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized String toString() {
    return "socket unavailable " + totalMillis() + " ms in " + outages + " outage(s), longest " + longestMillis()
        + " ms (" + polls + " polls)";
  }
}
