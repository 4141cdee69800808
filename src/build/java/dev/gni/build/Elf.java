package dev.gni.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a file is a 64-bit little-endian ELF for a given architecture. */
public final class Elf {
  private static final int HEADER = 20;

  private Elf() {
  }

  public static void require(Path file, Arch arch, String name) {
    byte[] h = new byte[HEADER];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(h, 0, HEADER);
    } catch (IOException e) {
      throw new BuildException(arch.dir() + "/" + name + ": cannot read: " + e.getMessage(), e);
    }
    if (n < HEADER || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
      throw new BuildException(arch.dir() + "/" + name + " is not an ELF file");
    }
    if (h[4] != 2 || h[5] != 1) {
      throw new BuildException(arch.dir() + "/" + name + " is not a 64-bit little-endian ELF");
    }
    int machine = (h[18] & 0xff) | (h[19] & 0xff) << 8;
    if (machine != arch.elfMachine()) {
      throw new BuildException(arch.dir() + "/" + name + " is an ELF for e_machine " + machine
          + ", not " + arch.dir() + " (" + arch.elfMachine() + ")");
    }
  }
}
