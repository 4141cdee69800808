package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.binaries.Arch;
import dev.gni.binaries.BinaryInstaller;
import dev.gni.binaries.Release;
import dev.gni.binaries.ReleaseVerificationException;
import dev.gni.binaries.ReleaseVerifier;
import dev.gni.binaries.VerifiedCopies;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
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
  /**
   * Another installer removes the release folder (an uninstall, or a newer installer pruning it) while this run,
   * which planned on the intact host copies, waits for the host lock: under the lock the copies are checked
   * again and the release is verified and written in full, not linked to missing files.
   */
  @Test
  void releaseFolderRemovedWhileWaitingForTheLock_isVerifiedAndWrittenAgain() throws Exception {
    Path relDir = hostRunsc.getParent();
    Path lockFile = host.resolve(HostLock.PATH.substring(1));
    Files.createDirectories(lockFile.getParent());
    AtomicReference<Thread> runner = new AtomicReference<>();
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "installer");
      runner.set(t);
      return t;
    });
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      Future<CliRun> run;
      try (FileLock held = ch.lock()) { // "another installer" holds the lock
        run = pool.submit(() -> CliRun.run(host, release, "install"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!waitsInHostLock(runner.get())) { // it has planned, on the intact host copies
          assertFalse(run.isDone(), () -> "the run ended without waiting for the lock: " + result(run));
          assertTrue(System.nanoTime() < deadline, "the run never waited for the lock");
          Thread.sleep(10);
        }
        try (Stream<Path> walk = Files.walk(relDir)) { // what the other installer does under its lock
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      CliRun r = run.get(90, TimeUnit.SECONDS);
      assertEquals(0, r.code(), r.err());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(TestHosts.sha512(release.resolve("runsc")), TestHosts.sha512(hostRunsc), "written again");
    assertEquals(TestHosts.sha512(release.resolve("containerd-shim-runsc-v1")),
        TestHosts.sha512(relDir.resolve("containerd-shim-runsc-v1")));
  }

  private static boolean waitsInHostLock(Thread t) {
    return t != null && Arrays.stream(t.getStackTrace())
        .anyMatch(f -> f.getClassName().equals(HostLock.class.getName()) && f.getMethodName().equals("acquire"));
  }

  private static String result(Future<CliRun> run) {
    try {
      return run.get().err();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /**
   * The release file changes between its check and its copy: the host copy is hashed before it is recorded,
   * so the wrong bytes are refused (the copy removed, nothing switched) instead of trusted by later runs.
   */
  @Test
  void releaseFileChangedBetweenItsCheckAndItsCopy_isRefused_notRecorded() throws Exception {
    Path fresh = TestHosts.demoHost(tmp.resolve("fresh"));
    LocalHostFiles files = new LocalHostFiles(new HostRoot(fresh));
    VerifiedCopies copies = VerifiedCopies.load(files, StateStore.VERIFIED_COPIES);
    Release verified = new ReleaseVerifier(Arch.current(), false).verify(release);
    byte[] good = Files.readAllBytes(release.resolve("runsc"));
    byte[] bad = good.clone();
    bad[4096] ^= (byte) 0xff;
    Files.write(release.resolve("runsc"), bad);
    BinaryInstaller installer = new BinaryInstaller(files, "/usr/local/bin", Checkpoints.NONE, copies);
    ReleaseVerificationException e = assertThrows(ReleaseVerificationException.class,
        () -> installer.install(verified, new StateStore(files)));
    assertTrue(e.getMessage().startsWith("the copy of runsc on the host is not the verified file"), e.getMessage());
    assertFalse(Files.exists(files.local(BinaryInstaller.hostPath(verified.id(), "runsc"))), "the bad copy is removed");
    assertFalse(Files.exists(files.local(BinaryInstaller.CURRENT), LinkOption.NOFOLLOW_LINKS), "nothing switched");
    assertEquals(Optional.empty(), copies.saveIfChanged());
    Path record = fresh.resolve(StateStore.VERIFIED_COPIES.substring(1));
    assertFalse(Files.exists(record) && Files.readString(record).contains("/runsc\n"), "runsc not recorded");

    Files.write(release.resolve("runsc"), good);
    CliRun r = CliRun.run(fresh, release, "install");
    assertEquals(0, r.code(), r.err());
    assertEquals(TestHosts.sha512(release.resolve("runsc")),
        TestHosts.sha512(files.local(BinaryInstaller.hostPath(verified.id(), "runsc"))));
  }

  @Test
  void recordThatCannotBeWritten_costsAWarning_notTheInstall() throws Exception {
    Path record = host.resolve(StateStore.VERIFIED_COPIES.substring(1));
    Files.delete(record);
    Files.createDirectory(record); // neither readable nor replaceable as a file
    Files.writeString(record.resolve("keep"), "x");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    CliRun r;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // logback's console appender writes here
    try {
      r = CliRun.run(host, release, "install");
    } finally {
      System.setErr(stderr);
    }
    String text = log.toString(StandardCharsets.UTF_8);
    assertEquals(0, r.code(), r.err() + text);
    assertTrue(text.contains("could not save the record of verified copies"), text);
    assertTrue(text.contains("nothing to change"), text);
    assertTrue(Files.isDirectory(record));
  }
}
