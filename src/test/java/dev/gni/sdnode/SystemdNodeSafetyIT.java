package dev.gni.sdnode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gni.e2e.MockApi;
import dev.gni.sdnode.SystemdNode.Suite;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Running workloads and systemd's own rules, on a real systemd node (trixie, Debian's containerd.service):
 * a running runc container survives the install's restart; a unit whose KillMode kills containers is not
 * restarted (and the operator's flag accepts it); systemd's start limit is reported plainly, before and during
 * a run; a restart that fails on the new config is rolled back through systemd. The Kubernetes side (Events,
 * label) goes to fabric8's CRUD mock server, the one mock: no real API server exists here.
 */
@EnableKubernetesMockClient(crud = true)
class SystemdNodeSafetyIT {
  static KubernetesClient client;

  private static final String NODE_NAME = "sdnode";
  private static final String DROP_IN_DIR = "/etc/systemd/system/containerd.service.d/";

  @Test
  void runningRuncContainer_survivesTheInstallRestart_samePidStillRunning() throws Exception {
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "running-container")) {
      Path bb = node.file("/var/lib/sdnode-busybox/bin/busybox");
      Files.createDirectories(bb.getParent());
      Files.copy(Path.of("/bin/busybox"), bb);
      Files.setPosixFilePermissions(bb, PosixFilePermissions.fromString("rwxr-xr-x"));
      node.shOk("ctr run -d --rootfs /var/lib/sdnode-busybox sleeper /bin/busybox sleep 100000");
      String before = task(node);
      assertTrue(before.endsWith("RUNNING"), before);
      long pidBefore = node.mainPid();

      DaemonSetPod.Result install = NodeRun.install(node);

      assertEquals(0, install.code(), install.why());
      assertNotEquals(pidBefore, node.mainPid(), "containerd was restarted");
      assertEquals(before, task(node), "the container's task: same PID, still RUNNING");
      assertTrue(NodeCri.servesRunsc(node));
    }
  }

  private static String task(SystemdNode node) {
    return node.shOk("ctr task ls | awk '$1 == \"sleeper\" {print $1, $2, $3}'");
  }

  @Test
  void killModeMixed_restartRefused_eventAndPendingInStatus_theFlagAcceptsIt() throws Exception {
    MockApi api = new MockApi(client);
    api.resetNode(NODE_NAME);
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "killmode")) {
      node.write(DROP_IN_DIR + "50-killmode.conf", "[Service]\nKillMode=mixed\n");
      node.shOk("systemctl daemon-reload");
      assertEquals("mixed", node.unit("KillMode"));
      byte[] original = node.read(SystemdNode.CONFIG);
      long pid = node.mainPid();
      Map<String, String> env = Map.of("NODE_NAME", NODE_NAME,
          "KUBECONFIG", api.kubeconfig(Files.createDirectories(node.dir().resolve("kube"))).toString());

      DaemonSetPod.Result refused = DaemonSetPod.run(node, env, labelled("install"));

      assertEquals(12, refused.code(), refused.why());
      assertTrue(refused.errorLine().startsWith("error: containerd was NOT restarted: containerd has KillMode=mixed,"),
          refused.errorLine());
      assertTrue(refused.errorLine().endsWith("re-run with --allow-container-kill; /etc/containerd/config.toml is written"
          + " but not live: the restart is pending"), refused.errorLine());
      assertEquals(pid, node.mainPid(), "containerd was not restarted");
      assertTrue(new String(node.read(SystemdNode.CONFIG), StandardCharsets.UTF_8).contains("io.containerd.runsc.v1"),
          "the config is applied");
      assertNotEquals(new String(original, StandardCharsets.UTF_8), new String(node.read(SystemdNode.CONFIG),
          StandardCharsets.UTF_8));
      assertFalse(NodeCri.servesRunsc(node), "but not live");
      List<Event> failed = api.events("InstallFailed");
      assertEquals(1, failed.size(), failed.toString());
      assertTrue(failed.get(0).getMessage().contains("KillMode=mixed"), failed.get(0).getMessage());
      assertEquals(Optional.empty(), api.label(NODE_NAME, MockApi.READY_LABEL));
      JsonNode status = new ObjectMapper().readTree(DaemonSetPod.run(node, env, List.of("status", "--output", "json")).out());
      assertTrue(status.path("restartPending").asText().contains("KillMode=mixed"), status.toPrettyString());
      assertFalse(status.path("healthy").asBoolean());

      DaemonSetPod.Result accepted = DaemonSetPod.run(node, env, labelled("install", "--allow-container-kill"));

      assertEquals(0, accepted.code(), accepted.why());
      assertNotEquals(pid, node.mainPid());
      assertTrue(NodeCri.servesRunsc(node));
      assertEquals(Optional.of("ready"), api.label(NODE_NAME, MockApi.READY_LABEL));
      status = new ObjectMapper().readTree(DaemonSetPod.run(node, env, List.of("status", "--output", "json")).out());
      assertTrue(status.path("healthy").asBoolean(), status.toPrettyString());
      assertTrue(status.path("restartPending").isMissingNode(), status.toPrettyString());
    }
  }

  private static List<String> labelled(String command, String... more) {
    List<String> a = new ArrayList<>(List.of(command, "--binaries-dir", NodeRun.release().toString(), "--canary=false"));
    a.addAll(List.of(more));
    return a;
  }

  /** A wider start-limit window than systemd's 10 s, so that the test does not race the clock; same mechanism. */
  private static void startLimit(SystemdNode node, int burst) {
    node.write(DROP_IN_DIR + "50-start-limit.conf",
        "[Unit]\nStartLimitIntervalSec=600\nStartLimitBurst=" + burst + "\n");
    node.shOk("systemctl daemon-reload");
  }

  @Test
  void unitOnItsStartLimit_installReportsTheStateAndWhatToRun_doesNotResetIt() throws Exception {
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "start-limit")) {
      startLimit(node, 3);
      for (int i = 0; i < 10 && node.sh("systemctl restart containerd").ok(); i++) {
        // restart until systemd refuses: "start request repeated too quickly"
      }
      assertEquals("start-limit-hit", node.unit("Result"));
      assertEquals("failed", node.unit("ActiveState"));

      DaemonSetPod.Result r = NodeRun.install(node);

      assertEquals(12, r.code(), r.why());
      assertEquals("error: systemd refuses to start containerd: it was started too often (containerd is failed"
          + " (SubState=failed, Result=start-limit-hit)); once the cause is fixed, run on the node: systemctl reset-failed"
          + " containerd && systemctl start containerd; /etc/containerd/config.toml is written but not live: the restart"
          + " is pending", r.errorLine());
      assertEquals("start-limit-hit", node.unit("Result"), "the installer did not reset systemd's start limit");

      node.shOk("systemctl reset-failed containerd && systemctl start containerd"); // what the operator was told
      assertTrue(NodeCri.servesRunsc(node), "the pending config is live after the operator's start");
      DaemonSetPod.Result again = NodeRun.install(node);
      assertEquals(0, again.code(), again.why());
      assertTrue(again.logged("no restart: containerd's config did not change and the runtime is live"), again.why());
      assertFalse(Files.exists(node.file("/var/lib/gvisor-node-installer/restart-pending")), "nothing pending any more");
    }
  }

  @Test
  void installTripsTheStartLimit_rollbackCannotRestart_exit8SaysStateAndWhatToRun_configRestored() throws Exception {
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "start-limit-mid-run")) {
      startLimit(node, 3);
      byte[] original = node.read(SystemdNode.CONFIG);
      for (int i = 0; i < 3; i++) { // the burst: systemd counts from the daemon-reload that set the limit
        node.shOk("systemctl restart containerd");
      }

      DaemonSetPod.Result r = NodeRun.install(node);

      assertEquals(8, r.code(), r.why());
      assertTrue(r.errorLine().contains("systemd refuses to start containerd: it was started too often"), r.errorLine());
      assertTrue(r.errorLine().contains("systemctl reset-failed containerd && systemctl start containerd"), r.errorLine());
      assertTrue(r.errorLine().endsWith("ROLLBACK FAILED too: the previous config is back in place (a copy at"
          + " /var/lib/gvisor-node-installer/backup/etc/containerd/config.toml.previous) but containerd did not come back"
          + " (the same reason)"), r.errorLine());
      assertArrayEquals(original, node.read(SystemdNode.CONFIG), "the rollback put the previous config back");
      assertEquals("start-limit-hit", node.unit("Result"));
      node.shOk("systemctl reset-failed containerd && systemctl start containerd");
      assertEquals("active", node.unit("ActiveState"));
      assertFalse(NodeCri.servesRunsc(node));
    }
  }

  @Test
  void restartFailsOnTheNewConfig_rollbackRestoresIt_restartsThroughSystemd_unitActive() throws Exception {
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "restart-fails")) {
      // TEST STAND-IN for a containerd that rejects the new config: the unit refuses to start on any config that
      // names runsc (a real start failure of the real unit, reported by systemd as such)
      node.write(DROP_IN_DIR + "50-reject-runsc.conf", "[Service]\nExecStartPre=/bin/sh -c '! grep -q"
          + " io.containerd.runsc.v1 " + SystemdNode.CONFIG + " || { echo \"test: this containerd rejects the config\" >&2;"
          + " exit 1; }'\n");
      node.shOk("systemctl daemon-reload");
      byte[] original = node.read(SystemdNode.CONFIG);
      int starts = node.containerdStarts();

      DaemonSetPod.Result r = NodeRun.install(node);

      assertEquals(5, r.code(), r.why());
      assertTrue(r.errorLine().contains("systemctl restart containerd failed: Job for containerd.service failed"),
          r.errorLine());
      assertTrue(r.errorLine().contains("see: journalctl -u containerd"), r.errorLine());
      assertTrue(r.errorLine().endsWith("the node was restored to its previous containerd config, which is live again"),
          r.errorLine());
      assertArrayEquals(original, node.read(SystemdNode.CONFIG), "the previous config, byte for byte");
      assertEquals("active", node.unit("ActiveState"));
      assertEquals(starts + 1, node.containerdStarts(), "the rollback started containerd through systemd");
      assertFalse(NodeCri.servesRunsc(node));
      assertTrue(node.shOk("journalctl -b -q -o cat -u containerd.service").contains(
          "test: this containerd rejects the config"));
    }
  }
}
