package dev.gni.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stat fingerprint the record of verified copies trusts: regular files only, never through a final symlink. */
class LocalHostFilesFingerprintTest {
  @TempDir
  Path root;

  @Test
  void regularFile_hasOne_thatChangesWithAnyWrite() throws Exception {
    Files.writeString(root.resolve("f"), "one");
    LocalHostFiles host = new LocalHostFiles(new HostRoot(root));
    FileFingerprint before = host.fingerprint("/f").orElseThrow();
    assertEquals(3, before.size());
    assertEquals(Optional.of(before), host.fingerprint("/f"), "stable while unchanged");
    Files.writeString(root.resolve("f"), "two");
    assertNotEquals(Optional.of(before), host.fingerprint("/f"), "same size, rewritten: ctime (and mtime) differ");
  }

  @Test
  void symlinkAsLastComponent_hasNone_evenToARegularFileInsideTheRoot() throws Exception {
    Files.writeString(root.resolve("target"), "bytes");
    Files.createSymbolicLink(root.resolve("link"), Path.of("target"));
    LocalHostFiles host = new LocalHostFiles(new HostRoot(root));
    assertTrue(host.fingerprint("/target").isPresent());
    assertEquals(Optional.empty(), host.fingerprint("/link"));
  }

  @Test
  void absentOrDirectory_hasNone() throws Exception {
    Files.createDirectory(root.resolve("d"));
    LocalHostFiles host = new LocalHostFiles(new HostRoot(root));
    assertEquals(Optional.empty(), host.fingerprint("/d"));
    assertEquals(Optional.empty(), host.fingerprint("/missing"));
  }
}
