package dev.gni.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs host commands as local processes. In {@link Mode#NSENTER} mode each command is prefixed with
 * {@code nsenter --target 1 --mount --uts --ipc --net --pid --}, so it runs in the host's namespaces
 * (the DaemonSet sets {@code hostPID: true}). In {@link Mode#DIRECT} mode it runs as is.
 */
public final class ProcessHostExec implements HostExec {
  public enum Mode { NSENTER, DIRECT }

  static final List<String> NSENTER_PREFIX =
      List.of("nsenter", "--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--");

  private final Mode mode;
  private final Function<List<String>, ProcessBuilder> processFactory;

  public ProcessHostExec(Mode mode) {
    this(mode, ProcessBuilder::new);
  }

  public ProcessHostExec(Mode mode, Function<List<String>, ProcessBuilder> processFactory) {
    this.mode = mode;
    this.processFactory = processFactory;
  }

  @Override
  public List<String> commandLine(List<String> argv) {
    if (mode == Mode.DIRECT) {
      return List.copyOf(argv);
    }
    List<String> full = new ArrayList<>(NSENTER_PREFIX);
    full.addAll(argv);
    return full;
  }

  @Override
  public ExecResult run(List<String> argv, Duration timeout) {
    List<String> cmd = commandLine(argv);
    Process p;
    try {
      p = processFactory.apply(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      return new ExecResult(127, "", "cannot run " + cmd.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new ExecResult(124, out.getNow(""), "timed out after " + timeout.toSeconds() + "s: " + String.join(" ", cmd));
      }
      return new ExecResult(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new ExecResult(130, "", "interrupted");
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
