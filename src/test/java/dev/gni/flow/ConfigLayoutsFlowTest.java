package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.cli.Main;
import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host layouts of the containerd config that the text engine alone does not see, through the real CLI on a
 * temporary copy of the demo host: config.toml as a symlink (absolute, relative, escaping the host root) and
 * an {@code imports} glob whose folder does not exist yet. No containerd is restarted (--restart none).
 */
class ConfigLayoutsFlowTest {
  private static final String V3_IMPORTS = "version = 3\nimports = [\"/etc/containerd/conf.d/*.toml\"]\n\n"
      + "[plugins.'io.containerd.cri.v1.images']\n  snapshotter = \"overlayfs\"\n";

  @TempDir
  Path tmp;
  Path host;
  Path release;
  Path config;

  @BeforeEach
  void setUp() throws Exception {
    host = TestHosts.demoHost(tmp);
    release = TestHosts.release(tmp);
    config = host.resolve("etc/containerd/config.toml");
  }

  @Test
  void install_configIsAbsoluteSymlink_editsTargetKeepsLink_uninstallRestoresTarget() throws Exception {
    linkConfig("/etc/cm/containerd/config.toml");
    assertLinkKeptAndRestored("/etc/cm/containerd/config.toml");
  }

  @Test
  void install_configIsRelativeSymlink_editsTargetKeepsLink_uninstallRestoresTarget() throws Exception {
    linkConfig("../cm/containerd/config.toml");
    assertLinkKeptAndRestored("../cm/containerd/config.toml");
  }

  @Test
  void install_configSymlinkLeavesHostRoot_isRefused_andHostUnchanged() throws Exception {
    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("../../../../../../../../../../../../tmp/elsewhere.toml"));
    Map<String, String> before = TreeSnapshot.content(host);
    Run r = run("1.7", "install");
    assertNotEquals(0, r.code(), r.out());
    assertTrue(r.err().contains("outside the host root"), r.err());
    Map<String, String> after = TreeSnapshot.content(host);
    after.remove("run/gvisor-node-installer.lock");
    TreeSnapshot.assertSame(before, after, "host after a refused install");
  }

  @Test
  void install_configIsDanglingSymlink_createsTheTarget_uninstallDeletesTargetKeepsLink() throws Exception {
    Files.delete(config);
    Files.createDirectories(host.resolve("etc/cm"));
    Files.createSymbolicLink(config, Path.of("/etc/cm/config.toml"));
    Map<String, String> pristine = TreeSnapshot.content(host);
    Run r = run("1.7", "install");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(host.resolve("etc/cm/config.toml")).contains("runtimes.runsc]"));
    assertTrue(Files.isSymbolicLink(config));
    assertEquals(0, run("1.7", "uninstall").code());
    assertTrue(Files.isSymbolicLink(config), "the host's link stays");
    assertFalse(Files.exists(host.resolve("etc/cm/config.toml")), "the file install created is gone");
    Map<String, String> after = TreeSnapshot.content(host);
    after.remove("run/gvisor-node-installer.lock");
    TreeSnapshot.assertSame(pristine, after, "host after uninstall");
  }

  @Test
  void install_importsFolderMissing_createsIt0755_uninstallRemovesIt() throws Exception {
    Files.writeString(config, V3_IMPORTS);
    Map<String, String> pristine = TreeSnapshot.content(host);
    Run r = run("2.1", "install");
    assertEquals(0, r.code(), r.err());
    Path dir = host.resolve("etc/containerd/conf.d");
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertTrue(Files.readString(dir.resolve("99-gvisor-runsc.toml")).contains("runtime_type = "), r.err());
    assertEquals(V3_IMPORTS, Files.readString(config), "the main config is not touched by a drop-in install");
    assertEquals(0, run("2.1", "install").code(), "a second install converges");
    Run u = run("2.1", "uninstall");
    assertEquals(0, u.code(), u.err());
    assertFalse(Files.exists(dir), "install created the folder; uninstall removes it when empty");
    Map<String, String> after = TreeSnapshot.content(host);
    after.remove("run/gvisor-node-installer.lock");
    TreeSnapshot.assertSame(pristine, after, "host after uninstall");
  }

  @Test
  void uninstall_importsFolderItCreatedNowHoldsOtherFiles_keepsItAndThem() throws Exception {
    Files.writeString(config, V3_IMPORTS);
    assertEquals(0, run("2.1", "install").code());
    Path other = host.resolve("etc/containerd/conf.d/10-nvidia.toml");
    Files.writeString(other, "version = 3\n");
    assertEquals(0, run("2.1", "uninstall").code());
    assertEquals("version = 3\n", Files.readString(other));
    assertFalse(Files.exists(host.resolve("etc/containerd/conf.d/99-gvisor-runsc.toml")));
  }

  @Test
  void uninstall_importsFolderExistedBefore_keepsItEmpty() throws Exception {
    Files.writeString(config, V3_IMPORTS);
    Files.createDirectories(host.resolve("etc/containerd/conf.d"));
    assertEquals(0, run("2.1", "install").code());
    assertEquals(0, run("2.1", "uninstall").code());
    assertTrue(Files.isDirectory(host.resolve("etc/containerd/conf.d")), "the host's own folder stays");
  }

  @Test
  void statusText_afterInstall_readsLikeKubectlDescribe_noBraces() throws Exception {
    assertEquals(0, run("1.7", "install").code());
    Run s = run("1.7", "status");
    assertEquals(0, s.code(), s.err());
    System.out.print(s.out());
    assertTrue(s.out().contains("\nFile View:\n  Runtime:  runsc\n  Present:  true\n"), s.out());
    assertTrue(s.out().startsWith("Distribution:\n  Name:"), s.out());
    assertFalse(s.out().contains("{") || s.out().contains("}"), s.out());
  }

  private void linkConfig(String target) throws Exception {
    Path real = host.resolve("etc/cm/containerd/config.toml");
    Files.createDirectories(real.getParent());
    Files.move(config, real);
    Files.createSymbolicLink(config, Path.of(target));
  }

  private void assertLinkKeptAndRestored(String target) throws Exception {
    Path real = host.resolve("etc/cm/containerd/config.toml");
    Map<String, String> pristine = TreeSnapshot.content(host);
    String original = Files.readString(real);
    Run r = run("1.7", "install");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(config), "config.toml is still a symlink");
    assertEquals(target, Files.readSymbolicLink(config).toString());
    assertTrue(Files.readString(real).contains("runtimes.runsc]"), "the link's target carries the runtime");
    try (var s = Files.list(config.getParent())) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().contains("gni-tmp")), "no temp file beside the link");
    }
    assertEquals(0, run("1.7", "install").code(), "a second install converges");
    Run u = run("1.7", "uninstall");
    assertEquals(0, u.code(), u.err());
    assertEquals(original, Files.readString(real));
    assertTrue(Files.isSymbolicLink(config));
    Map<String, String> after = TreeSnapshot.content(host);
    after.remove("run/gvisor-node-installer.lock");
    TreeSnapshot.assertSame(pristine, after, "host after uninstall");
  }

  private record Run(int code, String out, String err) {
  }

  private Run run(String containerd, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--host-root", host.toString(), "--binaries-dir", release.toString(), "--restart", "none",
        "--no-node-label", "--host-exec", "direct", "--containerd-version", containerd, "--canary=false"));
    if (all.get(0).equals("uninstall")) {
      all.add("--force"); // no containerd runs here: the sandbox guard could not list sandboxes (SandboxGuardTest)
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
