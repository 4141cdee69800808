package dev.gni.binaries;

import java.util.Locale;

/** The CPU architectures gVisor releases exist for, by release folder name and ELF machine number. */
public enum Arch {
  X86_64("x86_64", "amd64", 62),
  AARCH64("aarch64", "arm64", 183);

  private final String releaseName;
  private final String goName;
  private final int elfMachine;

  Arch(String releaseName, String goName, int elfMachine) {
    this.releaseName = releaseName;
    this.goName = goName;
    this.elfMachine = elfMachine;
  }

  public String releaseName() {
    return releaseName;
  }

  public String goName() {
    return goName;
  }

  public int elfMachine() {
    return elfMachine;
  }

  /** The architecture the installer runs on (the node's, since it runs on the node). */
  public static Arch current() {
    return fromName(System.getProperty("os.arch"));
  }

  public static Arch fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Arch a : values()) {
      if (a.releaseName.equals(n) || a.goName.equals(n)) {
        return a;
      }
    }
    throw new UnsupportedArchException("architecture '" + name + "' is not supported by gVisor (x86_64 and aarch64 are)");
  }

  public static String nameOfElfMachine(int machine) {
    for (Arch a : values()) {
      if (a.elfMachine == machine) {
        return a.releaseName;
      }
    }
    return "ELF machine " + machine;
  }

  /** The host's architecture is not one gVisor supports. */
  public static final class UnsupportedArchException extends RuntimeException {
    public UnsupportedArchException(String message) {
      super(message);
    }
  }
}
