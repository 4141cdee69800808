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
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String doLayout(ILoggingEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    m.put("level", event.getLevel().toString());
    m.put("logger", event.getLoggerName().substring(event.getLoggerName().lastIndexOf('.') + 1));
    m.put("msg", event.getFormattedMessage());
    if (!event.getMDCPropertyMap().isEmpty()) {
      m.putAll(event.getMDCPropertyMap());
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      m.put("error", t.getClassName() + ": " + t.getMessage());
    }
    try {
      return JSON.writeValueAsString(m) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      return "{\"level\":\"ERROR\",\"msg\":\"unserialisable log event\"}" + System.lineSeparator();
    }
  }
}
