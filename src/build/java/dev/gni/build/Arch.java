package dev.gni.build;

import java.util.Locale;

/** The architectures a gVisor release is built for, by their release folder name ({@code uname -m}). */
public enum Arch {
  X86_64("x86_64", 62),
  AARCH64("aarch64", 183);

  private final String dir;
  private final int elfMachine;

  Arch(String dir, int elfMachine) {
    this.dir = dir;
    this.elfMachine = elfMachine;
  }

  /** The folder name in the release and in the image: {@code /opt/gvisor/<dir>}. */
  public String dir() {
    return dir;
  }

  /** The ELF header's e_machine for this architecture. */
  public int elfMachine() {
    return elfMachine;
  }

  public static Arch of(String name) {
    for (Arch a : values()) {
      if (a.dir.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new BuildException("unknown architecture '" + name + "' (expected x86_64 or aarch64)");
  }
}
