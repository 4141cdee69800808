package dev.gni.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import dev.gni.host.HostFiles;

/**
 * Runs the release's own {@code runsc --version} (the verified file, in the installer's container) and
 * returns its version, e.g. {@code release-20250818.0}. A runsc that does not run here does not get
 * installed: this is checked while planning, before any change.
 */
public final class RunscVersion {
  private RunscVersion() {
  }

  /**
   * The version recorded for this runsc (by sha512) when there is one; else runs it (the host's verified copy
   * when the release's own file was not hashed, see {@link Release#hostCopies()}) and records the answer.
   */
  public static String of(Release release, VerifiedCopies copies, HostFiles host) {
    String sha = release.files().get(Release.RUNSC);
    Optional<String> known = copies.runscVersion(sha);
    if (known.isPresent()) {
      return known.get();
    }
    Path runsc = release.hostCopies().contains(Release.RUNSC)
        ? host.local(BinaryInstaller.hostPath(release.id(), Release.RUNSC))
        : release.dir().resolve(Release.RUNSC);
    String version = run(runsc.toString());
    copies.recordRunscVersion(sha, version);
    return version;
  }

  public static String of(Release release) {
    return run(release.dir().resolve(Release.RUNSC).toString());
  }

  private static String run(String runsc) {
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
