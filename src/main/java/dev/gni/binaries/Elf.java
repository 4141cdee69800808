package dev.gni.binaries;

import java.io.IOException;
import java.nio.file.Path;

/** The installer's check that a release file is an ELF executable for the host's architecture. */
final class Elf {
  private Elf() {
  }

  /** Throws unless the file is an ELF executable (or PIE) for the architecture. */
  static void requireExecutable(Path file, String name, Arch arch) {
    ElfHeader h;
    try {
      h = ElfHeader.read(file).orElseThrow(() -> new ReleaseVerificationException(name
          + " is not an ELF executable (a download error page saved as a binary looks like this)"));
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot read " + name + ": " + e.getMessage());
    }
    if (!h.executable()) {
      throw new ReleaseVerificationException(name + " is an ELF file but not an executable (type " + h.type() + ")");
    }
    if (h.machine() != arch.elfMachine()) {
      throw new ReleaseVerificationException(name + " is built for " + Arch.nameOfElfMachine(h.machine())
          + ", but this host is " + arch.releaseName());
    }
  }
}
