package dev.gni.e2e;

import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.Preconditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's test helper scripts under {@code .ci/} (TEST ONLY): the builds of the test shim, the test
 * image and release folders, and the systemd node. (No test starts containerd through a script:
 * {@link dev.gni.testsupport.Al2023Host} and {@link dev.gni.testsupport.RealContainerd} do.) A script that
 * exits 3 has printed {@code SKIPPED: <reason>}: the calling test is aborted with that reason, so it is
 * reported as skipped, never as passed; under {@code CI=true} it fails ({@link Preconditions}).
 */
public final class CiScripts {
  /** Exit code of a helper script that cannot run here (e.g. Debian's archive unreachable). */
  public static final int EXIT_SKIPPED = 3;

  private CiScripts() {
  }

  /** The project's {@code .ci} directory, found from the working directory (Maven runs tests there). */
  public static Path ciDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(".ci/test"))) {
        return d.resolve(".ci");
      }
    }
    throw new IllegalStateException("no .ci/test above " + dir);
  }

  /** The shared cache of test dependencies ({@code GNI_CACHE}, default /var/cache/gvisor-node-installer). */
  public static Path cache() {
    return ContainerdBinaries.cacheDir();
  }

  /** The output of one script run. */
  public record Result(int exitCode, String output) {
    /** The last non-empty line: the scripts print their main result (a path) there. */
    public String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  /**
   * Runs {@code .ci/SCRIPT ARGS...}, output (stdout and stderr) captured; fails on a non-zero exit,
   * aborts the test (skipped) on exit 3, or fails it under {@code CI=true}.
   */
  public static Result run(Duration timeout, String script, String... args) {
    return checked(runAllowingFailure(timeout, script, args), ".ci/" + script + " " + String.join(" ", args));
  }

  static Result checked(Result r, String what) {
    return checked(r, what, Preconditions.strict());
  }

  /**
   * Exit 0: the result; exit 3: the test is aborted (skipped) with the SKIPPED line, or fails with it when
   * {@code strict} (CI); else a failure.
   */
  static Result checked(Result r, String what, boolean strict) {
    if (r.exitCode() == EXIT_SKIPPED) {
      String reason = r.output().lines().filter(l -> l.startsWith("SKIPPED:")).findFirst()
          .orElse("SKIPPED: " + what + " exited 3");
      Preconditions.require(false, reason, strict);
    }
    if (r.exitCode() != 0) {
      throw new IllegalStateException(what + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r;
  }

  /** Runs {@code .ci/SCRIPT ARGS...} and returns its exit code and output whatever they are. */
  public static Result runAllowingFailure(Duration timeout, String script, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(ciDir().resolve(script).toString());
    argv.addAll(List.of(args));
    return exec(timeout, argv);
  }

  /** Runs a command, output captured through a temp file (no pipe for a daemon to hold open). */
  public static Result exec(Duration timeout, List<String> argv) {
    Path out = null;
    try {
      out = Files.createTempFile("gni-e2e-cmd", ".out");
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(argv + " did not finish within " + timeout + ":\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv, e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
