package dev.gni.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads just enough of an ELF header to tell an executable for an architecture from anything else. */
final class Elf {
  private static final int ET_EXEC = 2;
  private static final int ET_DYN = 3;

  private Elf() {
  }

  /** Throws unless the file is an ELF executable (or PIE) for the architecture. */
  static void requireExecutable(Path file, String name, Arch arch) {
    byte[] h = new byte[20];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(h, 0, h.length);
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot read " + name + ": " + e.getMessage());
    }
    if (n < 20 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
      throw new ReleaseVerificationException(name + " is not an ELF executable (a download error page saved as "
          + "a binary looks like this)");
    }
    boolean little = h[5] == 1;
    int type = u16(h, 16, little);
    int machine = u16(h, 18, little);
    if (type != ET_EXEC && type != ET_DYN) {
      throw new ReleaseVerificationException(name + " is an ELF file but not an executable (type " + type + ")");
    }
    if (machine != arch.elfMachine()) {
      throw new ReleaseVerificationException(name + " is built for " + Arch.nameOfElfMachine(machine)
          + ", but this host is " + arch.releaseName());
    }
  }

  private static int u16(byte[] b, int off, boolean little) {
    int lo = b[off] & 0xff;
    int hi = b[off + 1] & 0xff;
    return little ? lo | hi << 8 : hi | lo << 8;
  }
}
