package dev.gni.e2e;

import java.nio.file.Path;
import java.time.Duration;

/**
 * TEST ONLY: the binaries and images the e2e tests need, built offline and cached (see the scripts under
 * {@code .ci/}). Each call aborts the test as skipped when the inputs cannot be had here (exit 3).
 */
public final class TestArtifacts {
  // Built or confirmed once per test JVM.
  private static Path shim;
  private static Path image;

  private TestArtifacts() {
  }

  /**
   * The TEST STAND-IN {@code containerd-shim-runsc-v1} built from Debian's gVisor source
   * ({@code .ci/build-test-shim.sh}): about 40-90 s the first time, a few seconds when cached.
   */
  public static synchronized Path standInShim() {
    if (shim == null) {
      shim = Path.of(CiScripts.run(Duration.ofMinutes(10), "build-test-shim.sh",
          CiScripts.cache().resolve("test-shim").toString()).lastLine());
    }
    return shim;
  }

  /** The busybox image tarball (tags localhost/local/busybox:1 and localhost/local/pause:1). */
  public static synchronized Path busyboxImage() {
    if (image == null) {
      image = Path.of(CiScripts.run(Duration.ofMinutes(2), "build-test-image.sh",
          CiScripts.cache().resolve("test-image").toString()).lastLine());
    }
    return image;
  }

  /** Which {@code containerd-shim-runsc-v1} a test release folder carries. */
  public enum ShimKind {
    /** The stand-in built from Debian's gVisor source: pods must run in gVisor with it. */
    STAND_IN,
    /** NEGATIVE CONTROL: an ELF that exits 0 at once and serves nothing: every pod sandbox must fail. */
    DO_NOTHING
  }

  /**
   * A gVisor release folder as the installer takes with {@code --binaries-dir}: {@code runsc} (Debian's),
   * {@code containerd-shim-runsc-v1} and {@code SHA512SUMS} ({@code .ci/make-test-release.sh}).
   */
  public static Path release(Path outDir, ShimKind kind) {
    if (kind == ShimKind.STAND_IN) {
      CiScripts.run(Duration.ofMinutes(1), "make-test-release.sh", outDir.toString(), "--shim",
          standInShim().toString());
    } else {
      CiScripts.run(Duration.ofMinutes(1), "make-test-release.sh", outDir.toString(), "--do-nothing-shim");
    }
    return outDir;
  }
}
