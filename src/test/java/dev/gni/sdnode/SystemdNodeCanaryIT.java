package dev.gni.sdnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.e2e.TestArtifacts;
import dev.gni.sdnode.SystemdNode.Suite;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole production path on a real systemd node, from nsenter to a pod sandbox in gVisor: the installer in
 * the DaemonSet's place restarts containerd.service, proves runsc live, and runs its CANARY (the default) with
 * Debian's runsc and the test stand-in shim ({@code .ci/build-test-shim.sh}).
 *
 * <p>What this node needs beyond a production node, each for a reason of this machine, not of the product:
 * <ul>
 *   <li>the pause image is imported ({@code ctr images import}, tagged as the config's sandbox_image): no registry
 *       is reachable here;</li>
 *   <li>{@code restrict_oom_score_adj = true}: this machine has no CAP_SYS_RESOURCE, so without it runsc fails
 *       with {@code setting oom_score_adj to '-998': write /proc/PID/oom_score_adj: permission denied};</li>
 *   <li>{@code --runsc-flag network=none}: the canary is a host-network sandbox, and runsc's default network
 *       refuses it ({@code cannot run with network enabled in root network namespace}).</li>
 * </ul>
 */
class SystemdNodeCanaryIT {
  private static final Pattern SANDBOX_IMAGE = Pattern.compile("(?m)^\\s*sandbox_image = \"([^\"]+)\"");

  @Test
  void canaryPodSandboxRunsInGvisor_onTheNode_throughSystemdAndCri() throws Exception {
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "canary")) {
      Files.copy(TestArtifacts.busyboxImage(), node.file("/var/tmp/busybox-image.tar"));
      node.shOk("containerd config default | sed 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/'"
          + " > " + SystemdNode.CONFIG + " && systemctl restart containerd");
      Matcher m = SANDBOX_IMAGE.matcher(new String(node.read(SystemdNode.CONFIG)));
      assertTrue(m.find(), "the config names its sandbox image");
      node.shOk("ctr -n k8s.io images import /var/tmp/busybox-image.tar"
          + " && ctr -n k8s.io images tag localhost/local/pause:1 " + m.group(1));

      DaemonSetPod.Result r = DaemonSetPod.run(node, Map.of(), List.of("install", "--binaries-dir",
          NodeRun.release().toString(), "--no-node-label", "--runsc-flag", "network=none"));

      assertEquals(0, r.code(), r.why());
      assertTrue(r.logged("canary: a pod sandbox ran in gVisor with handler 'runsc'"), r.why());
      assertTrue(NodeCri.servesRunsc(node));
      assertEquals("", node.shOk("ctr -n k8s.io containers ls -q"), "the canary's sandbox was removed");
      System.out.printf("SystemdNodeCanaryIT: install with the canary %d ms%n", r.millis());
    }
  }
}
