package dev.gni.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The readiness signal: a file that exists while gVisor is live. The DaemonSet's readiness probe tests it
 * ({@code test -f}), so {@code kubectl get ds} READY counts nodes where gVisor is live. Written only when the
 * verdict changes.
 */
final class ReadyFile {
  private final Path file;
  private Boolean current;

  ReadyFile(Path file) {
    this.file = file;
  }

  void set(boolean ready) {
    if (Boolean.valueOf(ready).equals(current)) {
      return;
    }
    try {
      if (ready) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, "gVisor live\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(file);
      }
      current = ready;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the readiness file " + file + ": " + e.getMessage(), e);
    }
  }
}
