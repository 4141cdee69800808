package dev.gni.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs the release's own {@code runsc --version} (the verified file, in the installer's container) and
 * returns its version, e.g. {@code release-20250818.0}. A runsc that does not run here does not get
 * installed: this is checked while planning, before any change.
 */
public final class RunscVersion {
  private RunscVersion() {
  }

  public static String of(Release release) {
    String runsc = release.dir().resolve(Release.RUNSC).toString();
    try {
      Process p = new ProcessBuilder(runsc, "--version").redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ReleaseVerificationException("'runsc --version' did not finish within 20s");
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new ReleaseVerificationException("'runsc --version' failed (exit " + p.exitValue() + "): "
            + text.lines().findFirst().orElse(""));
      }
      String first = text.lines().findFirst().orElse("");
      return first.startsWith("runsc version ") ? first.substring("runsc version ".length()).strip() : first;
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot run runsc --version: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleaseVerificationException("interrupted while running runsc --version");
    }
  }
}
