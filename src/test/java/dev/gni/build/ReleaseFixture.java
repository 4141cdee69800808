package dev.gni.build;

import dev.gni.binaries.Arch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** Builds small fake gVisor release archives: ELF headers with a chosen e_machine and some payload. */
final class ReleaseFixture {
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  static ReleaseFixture complete(Arch arch) {
    return new ReleaseFixture()
        .file("runsc", elf(arch.elfMachine(), "runsc"))
        .file("containerd-shim-runsc-v1", elf(arch.elfMachine(), "shim"))
        .file("gvisor-bin/gvisor_sentry", elf(arch.elfMachine(), "sentry"))
        .file("gvisor-bin/checkpointgofer", elf(arch.elfMachine(), "gofer"));
  }

  ReleaseFixture file(String name, byte[] content) {
    files.put(name, content);
    return this;
  }

  ReleaseFixture without(String name) {
    files.remove(name);
    return this;
  }

  Map<String, byte[]> files() {
    return files;
  }

  /** A 64-bit little-endian ELF header for e_machine, followed by a payload (enough to need real compression). */
  static byte[] elf(int machine, String payload) {
    byte[] h = new byte[64];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = 2;
    h[5] = 1;
    h[6] = 1;
    h[16] = 2;
    h[18] = (byte) machine;
    h[19] = (byte) (machine >> 8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(h);
    for (int i = 0; i < 2000; i++) {
      b.writeBytes((payload + i + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return b.toByteArray();
  }

  /** The release archive as gVisor publishes it: a bzip2 tar with a gvisor-bin/ directory entry. */
  byte[] tarBz2() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(bytes);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(bz)) {
      TarArchiveEntry dir = new TarArchiveEntry("gvisor-bin/");
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        e.setMode(0100755);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  static String sha512(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
