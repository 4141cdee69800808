package dev.gni.sdnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.sdnode.SystemdNode.Suite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole production path on a real systemd node, from nsenter to a pod sandbox in gVisor: the installer in
 * the DaemonSet's place restarts containerd.service, proves runsc live, and runs its CANARY (the default) with
 * Debian's runsc and the test stand-in shim ({@code .ci/build-test-shim.sh}).
 *
 * <p>What this node needs beyond a production node, each for a reason of this machine, not of the product
 * ({@link NodeRun#prepareForCanary}):
 * <ul>
 *   <li>the pause image is imported ({@code ctr images import}, tagged as the config's sandbox_image): no registry
 *       is reachable here;</li>
 *   <li>{@code restrict_oom_score_adj = true}: this machine has no CAP_SYS_RESOURCE, so without it runsc fails
 *       with {@code setting oom_score_adj to '-998': write /proc/PID/oom_score_adj: permission denied};</li>
 *   <li>{@code --runsc-flag network=none}: the node has no CNI, so the canary must share the node's network
 *       namespace; runsc's default network mode refuses that ({@code cannot run with network enabled in root
 *       network namespace}), so with it the installer asks CNI for a pod network instead, as on a real node.</li>
 * </ul>
 */
class SystemdNodeCanaryIT {
  static List<String> installWithCanary() {
    return List.of("install", "--binaries-dir", NodeRun.release().toString(), "--no-node-label",
        "--runsc-flag", "network=none");
  }

  @ParameterizedTest(name = "{0} node")
  @EnumSource(Suite.class)
  void canaryPodSandboxRunsInGvisor_onTheNode_throughSystemdAndCri(Suite suite) throws Exception {
    try (SystemdNode node = SystemdNode.boot(suite, "canary")) {
      NodeRun.prepareForCanary(node);

      DaemonSetPod.Result r = DaemonSetPod.run(node, Map.of(), installWithCanary());

      assertEquals(0, r.code(), r.why());
      assertTrue(r.logged("canary: a pod sandbox ran in gVisor with handler 'runsc'"), r.why());
      assertTrue(NodeCri.servesRunsc(node));
      assertEquals("", node.shOk("ctr -n k8s.io containers ls -q"), "the canary's sandbox was removed");
      System.out.printf("SystemdNodeCanaryIT %s: install with the canary %d ms%n", suite.id(), r.millis());
    }
  }
}
