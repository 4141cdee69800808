package dev.gni.build;

import dev.gni.binaries.Arch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real download, verify and unpack path against a loopback HTTP server serving fixture archives. */
class FetchGvisorReleaseTest {
  private static final String RELEASE = "20250101.0";
  private static final String X86_PATH = "/releases/" + RELEASE + "/x86_64/gvisor.tar.bz2";

  @TempDir
  Path tmp;
  private LoopbackServer server;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FetchGvisorRelease fetcher(Map<Arch, String> sums) throws IOException {
    StringBuilder p = new StringBuilder("gvisor.release=" + RELEASE + "\ngvisor.base.url=" + server.baseUrl() + "\n");
    sums.forEach((a, s) -> p.append("gvisor.sha512.").append(a.releaseName()).append('=').append(s).append('\n'));
    Path pin = tmp.resolve("pin.properties");
    Files.writeString(pin, p);
    return new FetchGvisorRelease(GvisorPin.load(pin), out(), tmp.resolve("dl"), new HttpDownload(Duration.ofSeconds(20)));
  }

  private Path out() {
    return tmp.resolve("out");
  }

  private FetchGvisorRelease serving(ReleaseFixture fixture) throws IOException {
    byte[] archive = fixture.tarBz2();
    server.serve(X86_PATH, archive);
    return fetcher(Map.of(Arch.X86_64, ReleaseFixture.sha512(archive)));
  }

  @Test
  void goodChecksumDownloadsVerifiesAndLaysOutTheRelease() throws IOException {
    ReleaseFixture fixture = ReleaseFixture.complete(Arch.X86_64);
    Path dir = serving(fixture).online(Arch.X86_64);

    assertEquals(out().resolve("x86_64"), dir);
    for (Map.Entry<String, byte[]> f : fixture.files().entrySet()) {
      assertArrayEquals(f.getValue(), Files.readAllBytes(dir.resolve(f.getKey())), f.getKey());
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f.getKey()))));
    }
    String expected = fixture.files().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(f -> ReleaseFixture.sha512(f.getValue()) + "  " + f.getKey() + "\n")
        .collect(Collectors.joining());
    assertEquals(expected, Files.readString(dir.resolve("SHA512SUMS")));
    assertFalse(Files.exists(out().resolve(".x86_64.partial")));
  }

  @Test
  void aVerifiedEarlierDownloadIsReusedWithoutAskingTheServerAgain() throws IOException {
    FetchGvisorRelease fetch = serving(ReleaseFixture.complete(Arch.X86_64));
    fetch.online(Arch.X86_64);
    fetch.online(Arch.X86_64);
    assertEquals(1, server.requests());
  }

  @Test
  void badChecksumFailsAndLeavesNothing() throws IOException {
    server.serve(X86_PATH, ReleaseFixture.complete(Arch.X86_64).tarBz2());
    FetchGvisorRelease fetch = fetcher(Map.of(Arch.X86_64, "ab".repeat(64)));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertTrue(e.getMessage().contains("sha512 mismatch"), e.getMessage());
    assertFalse(Files.exists(out().resolve("x86_64")));
  }

  @Test
  void http404Fails() throws IOException {
    FetchGvisorRelease fetch = fetcher(Map.of(Arch.X86_64, "ab".repeat(64)));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertTrue(e.getMessage().endsWith(X86_PATH + ": HTTP 404"), e.getMessage());
  }

  @Test
  void aDownloadCutOffMidwayFails() throws IOException {
    byte[] archive = ReleaseFixture.complete(Arch.X86_64).tarBz2();
    server.serve(X86_PATH, archive);
    server.cutOff(X86_PATH, archive.length / 2);
    FetchGvisorRelease fetch = fetcher(Map.of(Arch.X86_64, ReleaseFixture.sha512(archive)));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertTrue(e.getMessage().contains("download failed"), e.getMessage());
    assertFalse(Files.exists(out().resolve("x86_64")));
  }

  @Test
  void aTruncatedArchiveWhoseChecksumMatchesFailsToUnpack() throws IOException {
    byte[] full = ReleaseFixture.complete(Arch.X86_64).tarBz2();
    byte[] truncated = Arrays.copyOf(full, full.length / 2);
    server.serve(X86_PATH, truncated);
    FetchGvisorRelease fetch = fetcher(Map.of(Arch.X86_64, ReleaseFixture.sha512(truncated)));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    assertFalse(Files.exists(out().resolve("x86_64")));
  }

  @Test
  void anArchiveWithoutTheShimFails() throws IOException {
    FetchGvisorRelease fetch = serving(ReleaseFixture.complete(Arch.X86_64).without("containerd-shim-runsc-v1"));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertEquals("x86_64: the release has no containerd-shim-runsc-v1", e.getMessage());
  }

  @Test
  void anArchiveWithoutSidecarsFails() throws IOException {
    FetchGvisorRelease fetch = serving(ReleaseFixture.complete(Arch.X86_64)
        .without("gvisor-bin/gvisor_sentry").without("gvisor-bin/checkpointgofer"));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertEquals("x86_64: the release has no gvisor-bin/ files", e.getMessage());
  }

  @Test
  void anAarch64ElfInTheX8664ReleaseFails() throws IOException {
    FetchGvisorRelease fetch = serving(ReleaseFixture.complete(Arch.X86_64)
        .file("gvisor-bin/gvisor_sentry", ReleaseFixture.elf(Arch.AARCH64.elfMachine(), "sentry")));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertEquals("x86_64/gvisor-bin/gvisor_sentry is an ELF for e_machine 183, not x86_64 (62)", e.getMessage());
  }

  @Test
  void aNonElfRunscFails() throws IOException {
    FetchGvisorRelease fetch = serving(ReleaseFixture.complete(Arch.X86_64)
        .file("runsc", "#!/bin/sh\necho not gvisor\n".getBytes(StandardCharsets.US_ASCII)));
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.X86_64));
    assertEquals("x86_64/runsc is not an ELF file", e.getMessage());
  }

  @Test
  void aMissingPinnedChecksumFailsLoudlyBeforeAnyDownload() throws IOException {
    FetchGvisorRelease fetch = fetcher(Map.of());
    BuildException e = assertThrows(BuildException.class, () -> fetch.online(Arch.AARCH64));
    assertTrue(e.getMessage().contains("gvisor.sha512.aarch64 is not filled in"), e.getMessage());
    assertEquals(0, server.requests());
  }

  @Test
  void offlineTakesUnpackedFiles() throws IOException {
    ReleaseFixture fixture = ReleaseFixture.complete(Arch.AARCH64);
    Path rel = tmp.resolve("rel");
    for (Map.Entry<String, byte[]> f : fixture.files().entrySet()) {
      Path p = rel.resolve("aarch64").resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    Path dir = fetcher(Map.of()).offline(Arch.AARCH64, rel);
    assertTrue(Files.readString(dir.resolve("SHA512SUMS")).contains("  gvisor-bin/gvisor_sentry\n"));
    assertEquals(0, server.requests());
  }

  @Test
  void offlineTakesAnArchiveWithItsSha512File() throws IOException {
    byte[] archive = ReleaseFixture.complete(Arch.X86_64).tarBz2();
    Path d = Files.createDirectories(tmp.resolve("rel/x86_64"));
    Files.write(d.resolve("gvisor.tar.bz2"), archive);
    Files.writeString(d.resolve("gvisor.tar.bz2.sha512"), ReleaseFixture.sha512(archive) + "  gvisor.tar.bz2\n");
    assertTrue(Files.isRegularFile(fetcher(Map.of()).offline(Arch.X86_64, tmp.resolve("rel")).resolve("runsc")));
  }

  @Test
  void offlineArchiveThatIsNotThePinnedOneFails() throws IOException {
    byte[] archive = ReleaseFixture.complete(Arch.X86_64).tarBz2();
    Path d = Files.createDirectories(tmp.resolve("rel/x86_64"));
    Files.write(d.resolve("gvisor.tar.bz2"), archive);
    Files.writeString(d.resolve("gvisor.tar.bz2.sha512"), ReleaseFixture.sha512(archive) + "  gvisor.tar.bz2\n");
    FetchGvisorRelease fetch = fetcher(Map.of(Arch.X86_64, "cd".repeat(64)));
    BuildException e = assertThrows(BuildException.class, () -> fetch.offline(Arch.X86_64, tmp.resolve("rel")));
    assertTrue(e.getMessage().contains("does not match the sha512 pinned for x86_64"), e.getMessage());
  }

  @Test
  void theRepositoryPinParses() {
    GvisorPin pin = GvisorPin.load(Path.of("gvisor-release.properties"));
    assertTrue(pin.release().matches("\\d{8}\\.\\d+"), pin.release());
    assertTrue(pin.archiveUrl(Arch.AARCH64).toString().endsWith("/" + pin.release() + "/aarch64/gvisor.tar.bz2"));
  }
}
