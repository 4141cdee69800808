package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets one line "error: ..." on stderr, a documented exit code, and leaves the
 * host byte-identical (content, modes and mtimes of every file).
 */
class BadInputLeavesHostUnchangedTest {
  @TempDir
  Path tmp;
  Path host;
  Path release;
  Path config;
  Path readOnlyMount;

  @BeforeEach
  void setUp() throws Exception {
    host = TestHosts.demoHost(tmp);
    release = TestHosts.release(tmp);
    config = host.resolve("etc/containerd/config.toml");
  }

  @AfterEach
  void unmount() throws Exception {
    if (readOnlyMount != null) {
      new ProcessBuilder("umount", readOnlyMount.toString()).inheritIO().start().waitFor();
    }
  }

  private void assertRefused(int code, String message, String... args) throws Exception {
    Map<String, String> before = TreeSnapshot.of(host);
    Map<String, String> releaseBefore = TreeSnapshot.of(release);
    CliRun r = CliRun.run(host, release, args);
    assertEquals(code, r.code(), "exit code; stderr: " + r.err());
    String errLine = r.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    assertTrue(errLine.contains(message), "stderr should say '" + message + "': " + r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), "exactly one error line");
    TreeSnapshot.assertSame(before, TreeSnapshot.of(host), "host after a refused run");
    TreeSnapshot.assertSame(releaseBefore, TreeSnapshot.of(release), "release folder");
  }

  @Test
  void tomlSyntaxError() throws Exception {
    Files.writeString(config, "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"\nsandbox_image = 1\n");
    assertRefused(3, "is not valid TOML: line 2", "install");
  }

  @Test
  void duplicateTable() throws Exception {
    Files.writeString(config, "version = 2\n[grpc]\naddress = \"a\"\n[grpc]\naddress = \"b\"\n");
    assertRefused(3, "is not valid TOML", "install");
  }

  @Test
  void invalidUtf8() throws Exception {
    Files.write(config, new byte[] {'v', 'e', 'r', 's', 'i', 'o', 'n', ' ', '=', ' ', '2', '\n', '#', (byte) 0xC3, (byte) 0x28, '\n'});
    assertRefused(3, "is not valid UTF-8", "install");
  }

  @Test
  void configPathIsADirectory() throws Exception {
    Files.delete(config);
    Files.createDirectory(config);
    assertRefused(3, "is a directory", "install");
  }

  @Test
  void readOnlyFilesystem() throws Exception {
    Path dir = host.resolve("etc/containerd");
    readOnlyMount = dir;
    assertEquals(0, new ProcessBuilder("mount", "--bind", dir.toString(), dir.toString()).start().waitFor());
    assertEquals(0, new ProcessBuilder("mount", "-o", "remount,ro,bind", dir.toString()).start().waitFor());
    assertRefused(4, "read-only", "install");
  }

  @Test
  void checksumMismatch() throws Exception {
    Files.write(release.resolve("runsc"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    assertRefused(3, "checksum mismatch for runsc", "install");
  }

  @Test
  void missingBinary() throws Exception {
    Files.delete(release.resolve("containerd-shim-runsc-v1"));
    assertRefused(3, "containerd-shim-runsc-v1 is listed in SHA512SUMS but missing", "install");
  }

  @Test
  void missingManifest() throws Exception {
    Files.delete(release.resolve("SHA512SUMS"));
    assertRefused(3, "SHA512SUMS is missing", "install");
  }

  @Test
  void htmlErrorPageSavedAsRunsc() throws Exception {
    Files.writeString(release.resolve("runsc"), "<!DOCTYPE html><html><body>404 Not Found</body></html>\n");
    TestHosts.writeSums(release);
    assertRefused(3, "runsc is not an ELF executable", "install");
  }

  @Test
  void elfForAnotherArchitecture() throws Exception {
    byte[] elf = Files.readAllBytes(release.resolve("containerd-shim-runsc-v1"));
    elf[18] = (byte) 183; // e_machine = EM_AARCH64
    elf[19] = 0;
    Files.write(release.resolve("containerd-shim-runsc-v1"), elf);
    TestHosts.writeSums(release);
    assertRefused(3, "built for aarch64, but this host is x86_64", "install");
  }

  @Test
  void unknownOption() throws Exception {
    assertRefused(2, "unknown option '--frobnicate'", "install", "--frobnicate");
  }

  @Test
  void versionThreeConfigOnContainerd1() throws Exception {
    Files.writeString(config, "version = 3\n");
    assertRefused(3, "version 3 config", "install");
  }

  @Test
  void inlineRuntimesTableWithRunscAsAString() throws Exception {
    Files.writeString(config, "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"
        + "runtimes = { runc = { runtime_type = \"io.containerd.runc.v2\" }, runsc = \"io.containerd.runsc.v1\" }\n");
    assertRefused(3, "is written as a value that is not a table", "install");
  }

  @Test
  void unsupportedOsBottlerocket() throws Exception {
    Files.writeString(host.resolve("etc/os-release"), "NAME=Bottlerocket\nID=bottlerocket\n");
    assertRefused(4, "Bottlerocket is not supported", "install");
  }

  @Test
  void configSymlinkEscapingTheHostRoot() throws Exception {
    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("../../../../../../../../etc/passwd"));
    assertRefused(4, "leads outside the host root", "install");
  }
}
