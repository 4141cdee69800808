package dev.gni.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-512 of files, and the sha512sum format that gVisor's {@code .sha512} files use. */
public final class Sha512 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{128}");

  private Sha512() {
  }

  /** The installer's own hashing (sha512sum for big files, else the JDK), with the build's error type. */
  public static String of(Path file) {
    try {
      return dev.gni.binaries.Sha512.of(file);
    } catch (IOException e) {
      throw new BuildException("cannot hash " + file + ": " + e.getMessage(), e);
    }
  }

  public static boolean isHex(String s) {
    return s != null && HEX.matcher(s).matches();
  }

  /** The checksum in a sha512sum line ({@code <hex>  <name>}) or a bare hex string. */
  public static String parse(String text, String where) {
    String first = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (!isHex(first)) {
      throw new BuildException(where + ": no sha512 checksum in it");
    }
    return first;
  }

  /** Fails unless the file's checksum is the expected one. */
  public static void verify(Path file, String expected, String what) {
    String actual = of(file);
    if (!actual.equals(expected)) {
      throw new BuildException(what + ": sha512 mismatch: expected " + expected.substring(0, 16)
          + "..., got " + actual.substring(0, 16) + "...");
    }
  }
}
