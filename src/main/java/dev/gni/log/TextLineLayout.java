package dev.gni.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;

/**
 * One line per event for people: {@code HH:mm:ss.SSS LEVEL Logger: message}, the time in UTC (as in the JSON
 * format and in a container without a time zone). Written by hand rather than with logback's
 * {@code PatternLayout} and java.time formatting, whose set-up (converter registry, time-zone database) cost
 * tens of milliseconds of every short run's start (measured: docs/performance.md).
 */
public final class TextLineLayout extends LayoutBase<ILoggingEvent> {
  private static final long DAY_MS = 86_400_000L;

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(128);
    time(b, Math.floorMod(event.getTimeStamp(), DAY_MS));
    String level = event.getLevel().toString();
    b.append(' ').append(level);
    for (int i = level.length(); i < 5; i++) {
      b.append(' ');
    }
    String logger = event.getLoggerName();
    b.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ");
    b.append(event.getFormattedMessage());
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      b.append(" (").append(t.getClassName()).append(": ").append(t.getMessage()).append(')');
    }
    return b.append(System.lineSeparator()).toString();
  }

  /** {@code HH:mm:ss.SSS} of a time of day in milliseconds. */
  static void time(StringBuilder b, long msOfDay) {
    two(b, msOfDay / 3_600_000).append(':');
    two(b, msOfDay / 60_000 % 60).append(':');
    two(b, msOfDay / 1000 % 60).append('.');
    long ms = msOfDay % 1000;
    b.append(ms < 100 ? ms < 10 ? "00" : "0" : "").append(ms);
  }

  private static StringBuilder two(StringBuilder b, long v) {
    return b.append(v < 10 ? "0" : "").append(v);
  }
}
