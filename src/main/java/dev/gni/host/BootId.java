package dev.gni.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which boot of the node this is: the kernel's random {@code boot_id}, new at every boot. The kernel's, not the
 * host root's: {@code /proc/sys/kernel/random/boot_id} is the same in every container on the node.
 */
@FunctionalInterface
public interface BootId {
  Path KERNEL = Path.of("/proc/sys/kernel/random/boot_id");

  /** @return this boot's id; empty where the kernel does not tell */
  Optional<String> current();

  static BootId kernel() {
    return () -> {
      try {
        return Optional.of(Files.readString(KERNEL, StandardCharsets.US_ASCII).strip()).filter(s -> !s.isEmpty());
      } catch (IOException e) {
        return Optional.empty();
      }
    };
  }
}
