package dev.gni.watch;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long to wait before the next reinstall (deleting the watcher's pod). Every reinstall is a new pod, so the
 * count lives on the Node, in the annotation {@code <prefix>/reinstalls} = {@code <count> <RFC 3339 time>}:
 * the first reinstall goes at once; each one within {@link #RESET_AFTER} of the previous waits twice as long
 * as the one before, from {@link #FIRST} up to {@link #MAX}. A node that keeps losing gVisor (something on it
 * rewrites containerd's config in a loop) thus costs a containerd restart at most every 30 minutes.
 */
record ReinstallBackoff(Duration first, Duration max, Duration resetAfter) {
  static final Duration FIRST = Duration.ofMinutes(1);
  static final Duration MAX = Duration.ofMinutes(30);
  static final Duration RESET_AFTER = Duration.ofHours(1);
  static final ReinstallBackoff DEFAULT = new ReinstallBackoff(FIRST, MAX, RESET_AFTER);

  /** A parsed annotation; count 0 when absent, unreadable or older than resetAfter. */
  record Record(int count, Instant last) {
    static Record parse(Optional<String> annotation) {
      try {
        String[] f = annotation.orElse("").strip().split("\\s+");
        return f.length == 2 ? new Record(Integer.parseInt(f[0]), Instant.parse(f[1])) : new Record(0, Instant.EPOCH);
      } catch (NumberFormatException | DateTimeParseException e) {
        return new Record(0, Instant.EPOCH);
      }
    }

    String format() {
      return count + " " + last;
    }
  }

  /** The wait from {@code now} before reinstall number {@code previous.count()+1}. */
  Duration delay(Record previous, Instant now) {
    int count = effectiveCount(previous, now);
    if (count == 0) {
      return Duration.ZERO;
    }
    long ms = Math.min(max.toMillis(), first.toMillis() << Math.min(20, count - 1));
    Duration left = Duration.ofMillis(ms).minus(Duration.between(previous.last(), now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The annotation to record at a reinstall made at {@code now}. */
  Record next(Record previous, Instant now) {
    return new Record(effectiveCount(previous, now) + 1, now);
  }

  private int effectiveCount(Record previous, Instant now) {
    return Duration.between(previous.last(), now).compareTo(resetAfter) > 0 ? 0 : previous.count();
  }
}
