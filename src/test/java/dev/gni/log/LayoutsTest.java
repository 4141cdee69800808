package dev.gni.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LayoutsTest {
  private static LoggingEvent event(long time, Level level, String message, Object... args) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    LoggingEvent e = new LoggingEvent("x", ctx.getLogger("dev.gni.flow.InstallFlow"), level, message, null, args);
    e.setTimeStamp(time);
    return e;
  }

  @Test
  void text_isUtcTimeLevelPaddedLoggerAndMessage() {
    long t = 1_795_711_407_563L; // 2026-11-26T16:43:27.563Z
    assertEquals("16:43:27.563 INFO  InstallFlow: wrote /etc/containerd/config.toml" + System.lineSeparator(),
        new TextLineLayout().doLayout(event(t, Level.INFO, "wrote {}", "/etc/containerd/config.toml")));
    assertEquals("16:43:27.563 WARN  InstallFlow: w" + System.lineSeparator(),
        new TextLineLayout().doLayout(event(t, Level.WARN, "w")));
  }

  @Test
  void text_timeOfDayEdges() {
    StringBuilder b = new StringBuilder();
    TextLineLayout.time(b, 0);
    b.append(' ');
    TextLineLayout.time(b, 86_399_999);
    b.append(' ');
    TextLineLayout.time(b, 3_600_000 + 60_000 * 5 + 1000 * 9 + 7);
    assertEquals("00:00:00.000 23:59:59.999 01:05:09.007", b.toString());
  }

  @Test
  void json_isOneEscapedObjectPerLine() {
    String line = new JsonLineLayout().doLayout(event(0, Level.ERROR, "a \"quoted\"\nline\t{}", "\\"));
    assertEquals("{\"time\":\"1970-01-01T00:00:00Z\",\"level\":\"ERROR\",\"logger\":\"InstallFlow\","
        + "\"msg\":\"a \\\"quoted\\\"\\nline\\t\\\\\"}" + System.lineSeparator(), line);
  }
}
