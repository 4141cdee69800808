package dev.gni.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.gni.config.RunConfig;

/**
 * logback's set-up before {@link Logging#configure(RunConfig.Format)} runs: the text format, in code. Found
 * through {@code META-INF/services}, it replaces logback's XML configuration (Joran), whose parsing cost
 * about 0.4 s of every run's start (measured: docs/performance.md).
 */
public final class DefaultConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    Logging.configure(ctx, RunConfig.Format.TEXT);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
