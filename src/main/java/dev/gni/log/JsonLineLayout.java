package dev.gni.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per log event: time, level, logger, message, MDC and the exception if any. */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String doLayout(ILoggingEvent event) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    String logger = event.getLoggerName();
    line.put("logger", logger.substring(logger.lastIndexOf('.') + 1));
    line.put("msg", event.getFormattedMessage());
    event.getMDCPropertyMap().forEach(line::putIfAbsent); // the fields above win over a same-named MDC key
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      line.put("error", t.getClassName() + ": " + t.getMessage());
    }
    try {
      return MAPPER.writeValueAsString(line) + System.lineSeparator();
    } catch (JsonProcessingException e) { // strings only: cannot happen
      throw new IllegalStateException("cannot write a log line as JSON", e);
    }
  }
}
