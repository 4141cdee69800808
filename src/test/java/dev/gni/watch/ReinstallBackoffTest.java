package dev.gni.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReinstallBackoffTest {
  private final ReinstallBackoff b = ReinstallBackoff.DEFAULT;
  private final Instant now = Instant.parse("2026-12-05T10:00:00Z");

  private ReinstallBackoff.Record rec(String s) {
    return ReinstallBackoff.Record.parse(Optional.ofNullable(s));
  }

  @Test
  void firstReinstall_atOnce() {
    assertEquals(Duration.ZERO, b.delay(rec(null), now));
    assertEquals("1 2026-12-05T10:00:00Z", b.next(rec(null), now).format());
  }

  @Test
  void repeated_doublesFromOneMinute_minusTimeSince_cappedAt30Minutes() {
    assertEquals(Duration.ofSeconds(30), b.delay(rec("1 2026-12-05T09:59:30Z"), now));
    assertEquals(Duration.ofMinutes(2), b.delay(rec("2 2026-12-05T10:00:00Z"), now));
    assertEquals(Duration.ofMinutes(30), b.delay(rec("9 2026-12-05T10:00:00Z"), now));
    assertEquals(Duration.ZERO, b.delay(rec("2 2026-12-05T09:50:00Z"), now));
  }

  @Test
  void quietForAnHour_countStartsAgain() {
    assertEquals(Duration.ZERO, b.delay(rec("7 2026-12-05T08:59:59Z"), now));
    assertEquals(1, b.next(rec("7 2026-12-05T08:59:59Z"), now).count());
    assertEquals(8, b.next(rec("7 2026-12-05T09:30:00Z"), now).count());
  }

  @Test
  void unreadableAnnotation_countsAsNone() {
    assertEquals(Duration.ZERO, b.delay(rec("garbage"), now));
    assertEquals(Duration.ZERO, b.delay(rec("x 2026"), now));
  }
}
