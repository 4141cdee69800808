package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole install / re-install / uninstall cycle through the real CLI on a temporary copy of the demo
 * host (EKS AL2023-shaped), with Debian's real runsc. No containerd is restarted here (--restart none):
 * the restart and live check are covered against a real containerd in the host-integration tests.
 */
class InstallUninstallFlowTest {
  @TempDir
  Path tmp;
  Path host;
  Path release;

  @BeforeEach
  void setUp() throws Exception {
    host = TestHosts.demoHost(tmp);
    release = TestHosts.release(tmp);
  }

  @Test
  void install_writesBinariesShimConfigAndRuntime() throws Exception {
    CliRun r = CliRun.run(host, release, "install", "--runsc-flag", "platform=systrap");
    assertEquals(0, r.code(), r.err());
    assertEquals("/opt/gvisor-node-installer/current/runsc", Files.readSymbolicLink(host.resolve("usr/local/bin/runsc")).toString());
    Path installedRunsc = new dev.gni.host.HostRoot(host).resolve("/usr/local/bin/runsc");
    assertTrue(installedRunsc.startsWith(host.resolve("opt/gvisor-node-installer/releases")));
    assertEquals(TestHosts.sha512(release.resolve("runsc")), TestHosts.sha512(installedRunsc));
    assertTrue(Files.isExecutable(installedRunsc));
    String releaseDir = installedRunsc.getParent().toString().substring(host.toString().length());
    assertEquals("# Written by gvisor-node-installer; re-run install to change it (runsc flags: --runsc-flag).\n"
        + "# binary_name: the runsc of the release installed when a container starts; the container keeps it.\n"
        + "binary_name = \"" + releaseDir + "/runsc\"\n"
        + "[runsc_config]\n  platform = \"systrap\"\n", Files.readString(host.resolve("etc/containerd/runsc.toml")));
    String config = Files.readString(host.resolve("etc/containerd/config.toml"));
    assertTrue(config.contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]\n"
        + "runtime_type = \"io.containerd.runsc.v1\"\n"), config);
    assertTrue(Files.exists(host.resolve("var/lib/gvisor-node-installer/backup/etc/containerd/config.toml.pristine")));
  }

  @Test
  void secondInstall_writesNothing_andSaysSo() throws Exception {
    assertEquals(0, CliRun.run(host, release, "install").code());
    Map<String, String> before = TreeSnapshot.of(host);
    CliRun again = CliRun.run(host, release, "install");
    assertEquals(0, again.code(), again.err());
    TreeSnapshot.assertSame(before, TreeSnapshot.of(host), "a second install must not touch any file (mtimes included)");
  }

  @Test
  void uninstall_restoresTheHostExactly() throws Exception {
    Map<String, String> pristine = TreeSnapshot.content(host);
    assertEquals(0, CliRun.run(host, release, "install", "--runsc-flag", "debug=true").code());
    assertNotEquals(pristine, TreeSnapshot.content(host));
    CliRun u = CliRun.run(host, release, "uninstall");
    assertEquals(0, u.code(), u.err());
    Map<String, String> after = TreeSnapshot.content(host);
    after.remove("run/gvisor-node-installer.lock"); // the lock file stays, as lock files do (/run is tmpfs)
    TreeSnapshot.assertSame(pristine, after, "host after uninstall");
  }

  @Test
  void uninstall_keepsChangesMadeByOthersSinceInstall() throws Exception {
    assertEquals(0, CliRun.run(host, release, "install").code());
    Path cfg = host.resolve("etc/containerd/config.toml");
    String edited = Files.readString(cfg).replace("enable_cdi = true", "enable_cdi = false # changed by the admin");
    Files.writeString(cfg, edited);
    assertEquals(0, CliRun.run(host, release, "uninstall").code());
    String after = Files.readString(cfg);
    assertTrue(after.contains("enable_cdi = false # changed by the admin"));
    assertEquals(Files.readString(Path.of("demo/host/etc/containerd/config.toml"))
        .replace("enable_cdi = true", "enable_cdi = false # changed by the admin"), after);
  }

  @Test
  void dryRun_printsPlanAndDiff_andChangesNothing() throws Exception {
    Map<String, String> before = TreeSnapshot.of(host);
    CliRun r = CliRun.run(host, release, "install", "--dry-run", "--runsc-flag", "platform=systrap");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("+[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]"), r.out());
    assertTrue(r.out().contains("--- /etc/containerd/runsc.toml"), r.out());
    TreeSnapshot.assertSame(before, TreeSnapshot.of(host), "host after a dry run");
  }

  @Test
  void noConfigFile_createsOneKeepingRunc_andUninstallDeletesIt() throws Exception {
    Files.delete(host.resolve("etc/containerd/config.toml"));
    Map<String, String> pristine = TreeSnapshot.content(host);
    assertEquals(0, CliRun.run(host, release, "install").code());
    String created = Files.readString(host.resolve("etc/containerd/config.toml"));
    assertTrue(created.contains("runtimes.runc]") && created.contains("runtimes.runsc]"), created);
    assertEquals(0, CliRun.run(host, release, "uninstall").code());
    Map<String, String> after = TreeSnapshot.content(host);
    after.remove("run/gvisor-node-installer.lock");
    TreeSnapshot.assertSame(pristine, after, "host after uninstall");
  }

  @Test
  void statusJson_reportsFileView() throws Exception {
    assertEquals(0, CliRun.run(host, release, "install").code());
    CliRun s = CliRun.run(host, release, "status", "--output", "json");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("\"present\" : true"), s.out());
    assertTrue(s.out().contains("\"name\" : \"eks-al2023\""), s.out());
  }
}
