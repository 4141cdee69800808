package dev.gni.binaries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few fields of an ELF header that tell an executable for an architecture from anything else (a
 * download error page saved as a binary, a library, another architecture's build). Read by the installer
 * before any change and by the image build when it stages a release.
 *
 * @param is64         ELFCLASS64
 * @param littleEndian ELFDATA2LSB
 * @param type         e_type (2 = executable, 3 = shared object / PIE)
 * @param machine      e_machine (62 = x86_64, 183 = aarch64)
 */
public record ElfHeader(boolean is64, boolean littleEndian, int type, int machine) {
  private static final int SIZE = 20;

  /** The header, or empty when the file does not start with an ELF header at all. */
  public static Optional<ElfHeader> read(Path file) throws IOException {
    byte[] h = new byte[SIZE];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(h, 0, SIZE);
    }
    if (n < SIZE || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
      return Optional.empty();
    }
    boolean little = h[5] == 1;
    return Optional.of(new ElfHeader(h[4] == 2, little, u16(h, 16, little), u16(h, 18, little)));
  }

  /** An executable or a position-independent executable. */
  public boolean executable() {
    return type == 2 || type == 3;
  }

  private static int u16(byte[] b, int off, boolean little) {
    int lo = b[off] & 0xff;
    int hi = b[off + 1] & 0xff;
    return little ? lo | hi << 8 : hi | lo << 8;
  }
}
