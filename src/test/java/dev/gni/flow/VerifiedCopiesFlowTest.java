package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of verified host copies ({@code /var/lib/gvisor-node-installer/verified-copies}) through the real
 * CLI with Debian's runsc: a re-run trusts a host copy only while its stat fingerprint is unchanged, repairs a
 * copy changed in place (even with its size and mtime put back), and an older install without the record is
 * verified in full once.
 */
class VerifiedCopiesFlowTest {
  @TempDir
  Path tmp;
  Path host;
  Path release;
  Path hostRunsc;

  @BeforeEach
  void setUp() throws Exception {
    host = TestHosts.demoHost(tmp);
    release = TestHosts.release(tmp);
    assertEquals(0, CliRun.run(host, release, "install").code());
    hostRunsc = new dev.gni.host.HostRoot(host).resolve("/usr/local/bin/runsc");
  }

  @Test
  void installRecordsEveryReleaseFileAndRunscVersion() throws Exception {
    String copies = Files.readString(host.resolve("var/lib/gvisor-node-installer/verified-copies"));
    String sha = TestHosts.sha512(release.resolve("runsc"));
    assertTrue(copies.contains("file " + sha + " " + Files.size(release.resolve("runsc")) + " "), copies);
    assertTrue(copies.contains("/releases/" + sha.substring(0, 16) + "/runsc\n"), copies);
    assertTrue(copies.contains("/containerd-shim-runsc-v1\n"), copies);
    assertTrue(copies.contains("runsc-version " + sha + " "), copies);
  }

  @Test
  void hostCopyChangedInPlace_withSizeAndMtimePutBack_isRepairedFromTheVerifiedRelease() throws Exception {
    FileTime mtime = Files.getLastModifiedTime(hostRunsc);
    try (RandomAccessFile f = new RandomAccessFile(hostRunsc.toFile(), "rw")) {
      f.seek(4096);
      int b = f.read();
      f.seek(4096);
      f.write(b ^ 0xff);
    }
    Files.setLastModifiedTime(hostRunsc, mtime); // only ctime tells
    assertNotEquals(TestHosts.sha512(release.resolve("runsc")), TestHosts.sha512(hostRunsc));
    CliRun r = CliRun.run(host, release, "install");
    assertEquals(0, r.code(), r.err());
    assertEquals(TestHosts.sha512(release.resolve("runsc")), TestHosts.sha512(hostRunsc), "repaired");
    Map<String, String> after = TreeSnapshot.of(host);
    assertEquals(0, CliRun.run(host, release, "install").code());
    TreeSnapshot.assertSame(after, TreeSnapshot.of(host), "the run after the repair writes nothing");
  }

  /**
   * A no-op reads nothing of the release it does not install: a release file that changed after the host got
   * its verified copy goes unnoticed until a run needs to copy it, and then it is refused with the host unchanged.
   */
  @Test
  void releaseFileChangedLater_isCheckedWhenItWouldBeCopied() throws Exception {
    byte[] good = Files.readAllBytes(release.resolve("runsc"));
    byte[] bad = good.clone();
    bad[4096] ^= (byte) 0xff;
    Files.write(release.resolve("runsc"), bad);
    assertEquals(0, CliRun.run(host, release, "install").code(), "nothing to copy: the host copy is intact");
    Files.delete(host.resolve("var/lib/gvisor-node-installer/verified-copies"));
    Map<String, String> before = TreeSnapshot.of(host);
    CliRun r = CliRun.run(host, release, "install");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().startsWith("error: checksum mismatch for runsc"), r.err());
    TreeSnapshot.assertSame(before, TreeSnapshot.of(host), "host after the refused run");
    assertArrayEquals(good, Files.readAllBytes(hostRunsc));
  }

  @Test
  void installWithoutTheRecord_isVerifiedOnce_thenNotWrittenAgain() throws Exception {
    Path copies = host.resolve("var/lib/gvisor-node-installer/verified-copies");
    String recorded = Files.readString(copies);
    Files.delete(copies); // as an older installer left the host
    assertEquals(0, CliRun.run(host, release, "install").code());
    assertEquals(recorded, Files.readString(copies), "the byte-equal host copies are recorded again");
    Map<String, String> before = TreeSnapshot.of(host);
    assertEquals(0, CliRun.run(host, release, "install").code());
    TreeSnapshot.assertSame(before, TreeSnapshot.of(host), "second run");
  }

  @Test
  void damagedRecord_isIgnored_andTheCopiesAreCheckedAgain() throws Exception {
    Path copies = host.resolve("var/lib/gvisor-node-installer/verified-copies");
    Files.writeString(copies, "file zz not a record\nrunsc-version short\n");
    CliRun r = CliRun.run(host, release, "install");
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.readString(copies).contains("not a record"));
    assertTrue(Files.readString(copies).contains("runsc-version "));
  }
}
