package dev.gni.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's effective uid, from {@code /proc/self/status} (its {@code Uid:} line: real, effective, saved,
 * filesystem). The one root check: the JVM's {@code user.name} is "?" in an image without a passwd entry, and
 * names the real user, not the effective one.
 */
public final class EffectiveUid {
  private EffectiveUid() {
  }

  /** The effective uid; empty when /proc/self/status cannot be read. */
  public static OptionalLong read() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return OptionalLong.of(Long.parseLong(line.substring(4).trim().split("\\s+")[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  public static boolean isRoot() {
    return read().orElse(-1) == 0;
  }
}
