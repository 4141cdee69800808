package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.cri.v1.Cri;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which network namespace the canary sandbox asks for. runsc with its default network mode refuses the node's
 * namespace ("cannot run with network enabled in root network namespace", seen on a real systemd node), so only
 * network=none or network=host may share it; otherwise the canary is an ordinary pod with a CNI namespace.
 */
class CanaryNetworkTest {
  @Test
  void defaultRunscNetwork_canaryTakesAPodNetworkNamespace() {
    assertFalse(CriCanary.nodeNetworkAccepted(Map.of()));
    assertFalse(CriCanary.nodeNetworkAccepted(Map.of("network", "sandbox", "platform", "kvm")));
  }

  @Test
  void networkNoneOrHost_canaryMayShareTheNodesNamespace() {
    assertTrue(CriCanary.nodeNetworkAccepted(Map.of("network", "none")));
    assertTrue(CriCanary.nodeNetworkAccepted(Map.of("network", "host")));
  }

  @Test
  void podNetworkSandbox_asksCriForAPodNamespaceAndAHostname() {
    SandboxSpec pod = new SandboxSpec("gni-canary-1", "u", CriCanary.NAMESPACE, 0, "/var/log/pods/x", Map.of(), false);
    Cri.PodSandboxConfig c = CriMessages.podSandboxConfig(pod);
    assertEquals(Cri.NamespaceMode.POD, c.getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
    assertEquals("gni-canary-1", c.getHostname());
    SandboxSpec node = new SandboxSpec("gni-canary-1", "u", CriCanary.NAMESPACE, 0, "/var/log/pods/x", Map.of(), true);
    assertEquals(Cri.NamespaceMode.NODE,
        CriMessages.podSandboxConfig(node).getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
  }
}
