package dev.gni.build;

import dev.gni.binaries.Arch;
import dev.gni.binaries.ElfHeader;
import java.io.IOException;
import java.nio.file.Path;

/** The build's check that a staged release file is a 64-bit little-endian ELF for its architecture. */
public final class Elf {
  private Elf() {
  }

  public static void require(Path file, Arch arch, String name) {
    String where = arch.releaseName() + "/" + name;
    ElfHeader h;
    try {
      h = ElfHeader.read(file).orElseThrow(() -> new BuildException(where + " is not an ELF file"));
    } catch (IOException e) {
      throw new BuildException(where + ": cannot read: " + e.getMessage(), e);
    }
    if (!h.is64() || !h.littleEndian()) {
      throw new BuildException(where + " is not a 64-bit little-endian ELF");
    }
    if (h.machine() != arch.elfMachine()) {
      throw new BuildException(where + " is an ELF for e_machine " + h.machine()
          + ", not " + arch.releaseName() + " (" + arch.elfMachine() + ")");
    }
  }
}
