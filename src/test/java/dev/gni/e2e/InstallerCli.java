package dev.gni.e2e;

import dev.gni.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * TEST ONLY: runs the REAL installer CLI ({@link Main#run}) in-process and captures what it writes to
 * stderr (its log, one line per step, and the one-line error), echoing it to the test output as well.
 */
public record InstallerCli(int code, String log, long millis) {
  public static InstallerCli run(List<String> args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream original = System.err;
    // logback's console appender writes to whatever System.err is at the time of each line
    PrintStream tee = new PrintStream(new Tee(buf, original), true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    int code;
    System.setErr(tee);
    try {
      code = Main.run(args, Map.of(), System.out, tee);
    } finally {
      System.setErr(original);
    }
    return new InstallerCli(code, buf.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
  }

  /** The line of the log that contains {@code text}, or -1. */
  public int lineOf(String text) {
    List<String> lines = log.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      write(new byte[] {(byte) c}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
      try {
        a.write(bytes, off, len);
        b.write(bytes, off, len);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
