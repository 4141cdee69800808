package dev.gni.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Builds container images offline for CRI tests, so no test pulls from a registry: a tiny "pause" image
 * made of Debian's static busybox ({@code /bin/busybox}) with umoci, exported by skopeo as a docker-archive
 * tarball. The tarball is cached under {@code target/gni-test-images/} and built once per build dir.
 */
public final class TestImages {
  /** The pause image's reference, as named in {@code sandbox_image} / {@code pinned_images.sandbox}. */
  public static final String PAUSE_REF = "localhost/local/pause:1";
  private static final Path CACHE = Path.of("target", "gni-test-images");
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  private TestImages() {
  }

  /** The pause image tarball (docker-archive), built on first use. */
  public static synchronized Path pauseTarball() {
    Path tar = CACHE.resolve("pause.tar").toAbsolutePath();
    if (Files.isRegularFile(tar)) {
      return tar;
    }
    Path work = TempDirs.mkdirs(CACHE.resolve("build-" + ProcessHandle.current().pid()).toAbsolutePath());
    try {
      String layout = work.resolve("oci").toString();
      String image = layout + ":pause";
      run("umoci", "init", "--layout", layout);
      run("umoci", "new", "--image", image);
      run("umoci", "insert", "--image", image, "/bin/busybox", "/bin/busybox");
      run("umoci", "config", "--image", image, "--config.entrypoint=/bin/busybox", "--config.cmd=sleep",
          "--config.cmd=2147483647");
      Path built = work.resolve("pause.tar");
      run("skopeo", "copy", "-q", "oci:" + image, "docker-archive:" + built + ":" + PAUSE_REF);
      Files.move(built, tar, StandardCopyOption.ATOMIC_MOVE);
      return tar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + tar + ": " + e.getMessage(), e);
    } finally {
      TempDirs.deleteTree(work);
    }
  }

  /** Imports the pause image into the daemon's {@code k8s.io} namespace, where CRI looks for it. */
  public static void importPause(RealContainerd containerd) {
    containerd.ctr("-n", "k8s.io", "images", "import", pauseTarball().toString()).orThrow();
  }

  private static void run(String... command) {
    Exec.run(STEP_TIMEOUT, List.of(command)).orThrow();
  }
}
