package dev.gni.sdnode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gni.sdnode.SystemdNode.Suite;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The field report behind this project, reproduced on a real systemd node and beaten: EKS's bootstrap rewrites
 * {@code /etc/containerd/config.toml} at every boot, so a runtime added once is gone after a reboot (pods then
 * fail with {@code no runtime for "runsc" is configured}). Here a oneshot unit ordered before
 * {@code containerd.service} copies a pristine config over config.toml at every boot (once per boot: a restart of
 * containerd does not run it again); the DaemonSet's pod runs
 * again after a reboot (its init container starts with the node), and that run makes runsc live again. Each
 * install runs the canary (a pod sandbox in gVisor; the node is prepared for it as in SystemdNodeCanaryIT), and
 * between the reboot and the next run a pod with the handler fails with the field report's own error.
 */
class SystemdNodeRebootIT {
  private static final String PRISTINE = "/etc/containerd/pristine-config.toml";
  private static final String REWRITE_UNIT = """
      [Unit]
      Description=Rewrite containerd's config at boot (as EKS's bootstrap does)
      Before=containerd.service

      [Service]
      Type=oneshot
      RemainAfterExit=yes
      ExecStart=/bin/cp %s %s

      [Install]
      WantedBy=multi-user.target
      """.formatted(PRISTINE, SystemdNode.CONFIG);

  @Test
  void configRewrittenAtBoot_runscGoneAfterReboot_theNextRunMakesItLiveAgain() throws Exception {
    long t0 = System.nanoTime();
    try (SystemdNode node = SystemdNode.boot(Suite.TRIXIE, "reboot")) {
      NodeRun.prepareForCanary(node);
      byte[] pristine = node.read(SystemdNode.CONFIG);
      node.write(PRISTINE, new String(pristine, StandardCharsets.UTF_8));
      node.write("/etc/systemd/system/rewrite-containerd-config.service", REWRITE_UNIT);
      node.shOk("systemctl daemon-reload && systemctl enable rewrite-containerd-config.service");

      DaemonSetPod.Result install = DaemonSetPod.run(node, Map.of(), SystemdNodeCanaryIT.installWithCanary());
      assertEquals(0, install.code(), install.why());
      assertTrue(install.logged("canary: a pod sandbox ran in gVisor with handler 'runsc'"), install.why());
      assertTrue(NodeCri.servesRunsc(node), "live after install");

      node.reboot();

      assertArrayEquals(pristine, node.read(SystemdNode.CONFIG), "the boot unit put the pristine config back");
      assertEquals("active", node.unit("ActiveState"));
      assertFalse(NodeCri.servesRunsc(node), "runsc is no longer live after the reboot: " + NodeCri.runtimes(node));
      String podError = NodeCri.runPodSandboxError(node, "runsc");
      assertTrue(podError.contains("no runtime for \"runsc\" is configured"), "the field report's error: " + podError);
      JsonNode status = new ObjectMapper().readTree(NodeRun.statusJson(node).out());
      assertFalse(status.path("healthy").asBoolean(), status.toPrettyString());
      assertFalse(status.path("fileView").path("present").asBoolean(), status.toPrettyString());

      // the DaemonSet pod's init container after a reboot
      DaemonSetPod.Result afterReboot = DaemonSetPod.run(node, Map.of(), SystemdNodeCanaryIT.installWithCanary());

      assertEquals(0, afterReboot.code(), afterReboot.why());
      assertTrue(afterReboot.logged("canary: a pod sandbox ran in gVisor with handler 'runsc'"), afterReboot.why());
      assertTrue(afterReboot.logged("restarting containerd (its config changed)"), afterReboot.why());
      assertTrue(NodeCri.servesRunsc(node), "runsc is live again: " + NodeCri.runtimes(node));
      assertEquals("active", node.unit("ActiveState"));
      System.out.printf("SystemdNodeRebootIT: install %d ms, run after reboot %d ms; whole case %d ms%n",
          install.millis(), afterReboot.millis(), (System.nanoTime() - t0) / 1_000_000);
    }
  }
}
