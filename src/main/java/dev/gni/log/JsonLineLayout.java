package dev.gni.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per log event: time, level, logger, message, MDC and the exception if any. Written with
 * jackson-core's string encoder only: an {@code ObjectMapper} would load several hundred classes on every
 * run's start (measured: docs/performance.md).
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(160).append('{');
    field(b, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    field(b.append(','), "level", event.getLevel().toString());
    String logger = event.getLoggerName();
    field(b.append(','), "logger", logger.substring(logger.lastIndexOf('.') + 1));
    field(b.append(','), "msg", event.getFormattedMessage());
    for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
      field(b.append(','), e.getKey(), e.getValue());
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      field(b.append(','), "error", t.getClassName() + ": " + t.getMessage());
    }
    return b.append('}').append(System.lineSeparator()).toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    quote(b, name).append(':');
    if (value == null) {
      b.append("null");
    } else {
      quote(b, value);
    }
  }

  private static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    QUOTE.quoteAsString(s, b);
    return b.append('"');
  }
}
