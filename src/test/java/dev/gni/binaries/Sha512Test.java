package dev.gni.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha512Test {
  @TempDir
  Path tmp;

  @Test
  void largeFilesGiveTheSameHexWithSha512sumAsWithTheJdk() throws Exception {
    byte[] data = new byte[(int) Sha512.NATIVE_MIN_BYTES + 12345];
    new Random(7).nextBytes(data);
    Path f = tmp.resolve("odd\\name\nwith newline");
    Files.write(f, data);
    assertTrue(Sha512.withSha512sum(f).isPresent(), "coreutils sha512sum is on this machine");
    assertEquals(Sha512.withJdk(f), Sha512.withSha512sum(f).get());
    assertEquals(Sha512.of(data), Sha512.of(f));
  }

  @Test
  void smallFilesAndKnownValue() throws Exception {
    Path f = tmp.resolve("abc");
    Files.writeString(f, "abc");
    assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", Sha512.of(f));
  }
}
