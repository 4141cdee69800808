package dev.gni.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.gni.config.RunConfig;
import org.slf4j.LoggerFactory;

/**
 * Sets up logback for one run: one line per step on stderr, as text for people or as JSON (one object
 * per line) for cluster log pipelines. Done in code so that the format follows {@code --log-format}.
 */
public final class Logging {
  private Logging() {
  }

  public static void configure(RunConfig.Format format) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), format);
  }

  /** Replaces the context's set-up with one console appender in this format (also logback's default, below). */
  static void configure(LoggerContext ctx, RunConfig.Format format) {
    ctx.reset();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setTarget("System.err");
    LayoutBase<ILoggingEvent> layout = format == RunConfig.Format.JSON ? new JsonLineLayout() : new TextLineLayout();
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
    enc.setLayout(layout);
    enc.setContext(ctx);
    enc.start();
    appender.setEncoder(enc);
    appender.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    for (String noisy : new String[] {"io.fabric8", "org.eclipse.jetty"}) {
      ctx.getLogger(noisy).setLevel(Level.WARN);
    }
  }
}
