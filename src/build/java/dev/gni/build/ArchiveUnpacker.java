package dev.gni.build;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** Unpacks runsc, the shim and gvisor-bin/ from a release's gvisor.tar.bz2; other entries are skipped. */
public final class ArchiveUnpacker {
  private ArchiveUnpacker() {
  }

  public static void unpack(Path archive, Path dest, String where) {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
         InputStream bz = new BZip2CompressorInputStream(file);
         TarArchiveInputStream tar = new TarArchiveInputStream(bz)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = ReleaseFiles.normalize(e.getName(), where);
        if (e.isDirectory() || !ReleaseFiles.wanted(name)) {
          continue;
        }
        if (!e.isFile()) {
          throw new BuildException(where + ": archive entry '" + name + "' is not a regular file");
        }
        Path out = dest.resolve(name);
        Files.createDirectories(out.getParent());
        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BuildException(where + ": archive is truncated or corrupt: " + e.getMessage(), e);
    }
  }
}
