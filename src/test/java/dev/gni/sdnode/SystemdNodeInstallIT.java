package dev.gni.sdnode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gni.sdnode.SystemdNode.Suite;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The production path on a real systemd node ({@link SystemdNode}), with the installer where the DaemonSet runs
 * it ({@link DaemonSetPod}): trixie (systemd 257, containerd 1.7.24) and bookworm (systemd 252, containerd
 * 1.6.20), each with Debian's own {@code config.toml} and with {@code containerd config default}.
 * <ul>
 *   <li>install restarts {@code containerd.service} once, through nsenter and systemctl (new MainPID, one more
 *       "Started" of the unit), and runsc is live over CRI, seen by the installer at
 *       /host/run/containerd/containerd.sock and by an independent CRI client;</li>
 *   <li>a re-run changes no file (inode, size, mtime, ctime of /etc, /opt, /usr/local and the installer's state)
 *       and restarts nothing;</li>
 *   <li>uninstall restores the config byte for byte, runsc is gone from CRI, containerd is active.</li>
 * </ul>
 */
class SystemdNodeInstallIT {
  enum Config { DEBIAN, DEFAULT }

  static Stream<Arguments> nodes() {
    return Stream.of(Arguments.of(Suite.TRIXIE, Config.DEBIAN), Arguments.of(Suite.TRIXIE, Config.DEFAULT),
        Arguments.of(Suite.BOOKWORM, Config.DEBIAN), Arguments.of(Suite.BOOKWORM, Config.DEFAULT));
  }

  @ParameterizedTest(name = "{0} node, {1} config")
  @MethodSource("nodes")
  void install_restartsOnceThroughSystemd_rerunChangesNothing_uninstallRestoresTheNode(Suite suite, Config config)
      throws Exception {
    long t0 = System.nanoTime();
    try (SystemdNode node = SystemdNode.boot(suite, "install-" + config.name().toLowerCase(java.util.Locale.ROOT))) {
      if (config == Config.DEFAULT) {
        node.shOk("containerd config default > /etc/containerd/config.toml.new"
            + " && mv /etc/containerd/config.toml.new " + SystemdNode.CONFIG + " && systemctl restart " + SystemdNode.UNIT);
      }
      byte[] original = node.read(SystemdNode.CONFIG);
      long pidBefore = node.mainPid();
      int startsBefore = node.containerdStarts();
      assertEquals(Map.of("runc", "io.containerd.runc.v2"), NodeCri.runtimes(node));

      DaemonSetPod.Result install = NodeRun.install(node);

      assertEquals(0, install.code(), install.why());
      assertTrue(install.logged("restarting containerd (its config changed): nsenter --target 1 --mount --uts --ipc"
          + " --net --pid -- systemctl restart containerd"), install.why());
      assertTrue(install.logged("live check: containerd serves runtime 'runsc' (io.containerd.runsc.v1)"), install.why());
      assertNotEquals(pidBefore, node.mainPid(), "containerd.service has a new MainPID");
      assertEquals(startsBefore + 1, node.containerdStarts(), "systemd started containerd once");
      assertEquals("active", node.unit("ActiveState"));
      assertEquals("io.containerd.runsc.v1", NodeCri.runtimes(node).get("runsc"), "the running containerd serves runsc");
      JsonNode status = new ObjectMapper().readTree(NodeRun.statusJson(node).out());
      assertTrue(status.path("healthy").asBoolean(), status.toPrettyString());
      assertTrue(status.path("liveView").path("runtimes").has("runsc"), status.toPrettyString());

      Map<String, String> files = NodeRun.snapshot(node);
      long pidInstalled = node.mainPid();
      DaemonSetPod.Result rerun = NodeRun.install(node);

      assertEquals(0, rerun.code(), rerun.why());
      assertTrue(rerun.logged("nothing to change: gVisor is installed as requested"), rerun.why());
      assertTrue(rerun.logged("no restart: containerd's config did not change and the runtime is live"), rerun.why());
      assertEquals(files, NodeRun.snapshot(node), "a re-run changes no file");
      assertEquals(pidInstalled, node.mainPid(), "a re-run restarts nothing");
      assertEquals(startsBefore + 1, node.containerdStarts(), "a re-run restarts nothing");

      DaemonSetPod.Result uninstall = NodeRun.uninstall(node);

      assertEquals(0, uninstall.code(), uninstall.why());
      assertArrayEquals(original, node.read(SystemdNode.CONFIG), "the config is the node's own again, byte for byte");
      assertEquals(startsBefore + 2, node.containerdStarts(), "uninstall restarted containerd once");
      assertEquals("active", node.unit("ActiveState"));
      assertEquals(Map.of("runc", "io.containerd.runc.v2"), NodeCri.runtimes(node), "runsc is gone from CRI");
      for (String gone : new String[] {"/usr/local/bin/runsc", "/usr/local/bin/containerd-shim-runsc-v1",
          "/opt/gvisor-node-installer", "/var/lib/gvisor-node-installer"}) {
        assertFalse(Files.exists(node.file(gone), java.nio.file.LinkOption.NOFOLLOW_LINKS), gone + " is removed");
      }
      System.out.printf("SystemdNodeInstallIT %s/%s: install %d ms, re-run %d ms, uninstall %d ms; whole case %d ms%n",
          suite.id(), config, install.millis(), rerun.millis(), uninstall.millis(), (System.nanoTime() - t0) / 1_000_000);
    }
  }
}
