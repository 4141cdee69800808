package dev.gni.containerd.cri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits, after a containerd (re)start, until its CRI socket answers {@code Version}. Polls with bounded
 * exponential backoff (50 ms doubling up to 1 s, never past the timeout); each attempt uses a fresh client,
 * which fails at once while the socket is missing or refuses, so nothing but this backoff delays noticing it.
 */
public final class SocketWaiter {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_ATTEMPT = Duration.ofSeconds(2);

  private final String socketPath;

  public SocketWaiter(String socketPath) {
    this.socketPath = socketPath;
  }

  /**
   * @return how long it took until the socket answered
   * @throws CriTimeoutException if it did not answer within {@code timeout}; the message has the last error
   */
  public Duration await(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long backoff = FIRST_BACKOFF.toNanos();
    String lastError = "not tried";
    while (true) {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        throw new CriTimeoutException("CRI socket " + socketPath + " did not answer within " + timeout.toMillis()
            + " ms; last error: " + lastError);
      }
      lastError = attempt(Duration.ofNanos(Math.min(deadline - now, MAX_ATTEMPT.toNanos())));
      if (lastError == null) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      long pause = Math.min(backoff, deadline - System.nanoTime());
      if (pause > 0) {
        pause(pause);
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
    }
  }

  /** @return null when the socket answered, else why not */
  private String attempt(Duration deadline) {
    if (!Files.exists(Path.of(socketPath))) {
      return "socket " + socketPath + " does not exist";
    }
    try (CriClient cri = CriClient.connect(socketPath)) {
      cri.version(deadline);
      return null;
    } catch (CriException e) {
      return e.getMessage();
    }
  }

  private static void pause(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CriException("interrupted while waiting for the CRI socket", e);
    }
  }
}
