package dev.gni.upgrade;

import dev.gni.e2e.CiScripts;
import dev.gni.e2e.TestArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * TEST ONLY: the two real gVisor releases this machine has, as release folders for {@code --binaries-dir}
 * ({@code .ci/make-test-release.sh}): Debian bookworm's runsc (0.0~20221219, "A", the older) and trixie's
 * (0.0~20240729, "B"), each with the same TEST STAND-IN shim built from Debian's gVisor source
 * ({@code .ci/build-test-shim.sh}). Both runsc builds come from {@code .ci/install-deps.sh}.
 */
final class Releases {
  /** One of the two releases. */
  enum Which {
    BOOKWORM("runsc-bookworm", "0.0~20221219"), TRIXIE("runsc", "0.0~20240729");

    private final String cacheDir;
    private final String version;

    Which(String cacheDir, String version) {
      this.cacheDir = cacheDir;
      this.version = version;
    }

    /** Debian's runsc of this release, as install-deps.sh unpacked it. */
    Path runsc() {
      return CiScripts.cache().resolve(cacheDir + "/usr/bin/runsc");
    }

    /** What {@code runsc --version} says, e.g. 0.0~20221219.0. */
    String version() {
      return version;
    }
  }

  private Releases() {
  }

  /** The installer's release ID of a release folder (from its runsc's sha512, see Release.idOf). */
  static String idOf(Path releaseDir) {
    try {
      return dev.gni.binaries.Release.idOf(dev.gni.binaries.Sha512.of(releaseDir.resolve("runsc")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Makes {@code outDir} a release folder with this runsc and the stand-in shim. */
  static Path folder(Which which, Path outDir) {
    if (!Files.isExecutable(which.runsc())) {
      throw new IllegalStateException(which.runsc() + " missing: run .ci/install-deps.sh");
    }
    CiScripts.run(Duration.ofMinutes(2), "make-test-release.sh", outDir.toString(),
        "--shim", TestArtifacts.standInShim().toString(), "--runsc", which.runsc().toString());
    // A release ID of this test's own: other e2e tests on the machine run the same Debian runsc, and their
    // sandboxes (in their own mount namespaces) execute /opt/gvisor-node-installer/releases/<same ID>/runsc,
    // which would keep that ID's folder in use here. Bytes after an ELF's last segment are never loaded.
    try {
      Path runsc = outDir.resolve("runsc");
      Files.write(runsc, ("\ngni-upgrade-test " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
      String sha = dev.gni.binaries.Sha512.of(runsc);
      Path sums = outDir.resolve("SHA512SUMS");
      List<String> lines = Files.readAllLines(sums).stream()
          .map(l -> l.endsWith("  runsc") ? sha + "  runsc" : l).toList();
      Files.write(sums, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return outDir;
  }
}
