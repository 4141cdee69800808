package dev.gni.kube;

import java.time.Duration;

/**
 * Bounded exponential backoff for retryable API failures (429, 409, 5xx, connection failures, timeouts):
 * at most {@code attempts} calls, waits doubling from {@code firstWait} up to {@code maxWait}, and no new
 * attempt once {@code budget} of waiting has been spent.
 */
public record RetryPolicy(int attempts, Duration firstWait, Duration maxWait, Duration budget) {
  /** 5 calls, waits 0.5s, 1s, 2s, 4s: about 7.5s of waiting at most, plus the request timeouts. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(15));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** The wait before attempt {@code next} (2 for the first retry). */
  public Duration waitBefore(int next) {
    long ms = firstWait.toMillis() << Math.min(30, Math.max(0, next - 2));
    return Duration.ofMillis(Math.min(ms, maxWait.toMillis()));
  }
}
