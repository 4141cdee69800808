package dev.gni.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Install, re-run and uninstall on each distribution's fake host through the real CLI in-process: the file
 * written (and only that), idempotency (a second run touches no file, mtimes included, so it restarts
 * nothing: the flow restarts only when a config changed), and uninstall back to the host byte for byte.
 * Whether containerd loads the results is {@link DistributionContainerdDumpTest}'s job.
 */
class DistributionHostsTest {
  @TempDir
  Path tmp;

  static List<String> supported() throws Exception {
    return HostFixture.supported();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "generic, generic, /etc/os-release ID=debian",
      "kind, kind, /kind/version",
      "eks-al2, eks-al2, /etc/eks/bootstrap.sh",
      "eks-al2023, eks-al2023, /usr/bin/nodeadm",
      "eks-al2023-nodeadm-d, eks-al2023, /etc/systemd/system/nodeadm-run.service",
      "k3s, k3s, /etc/systemd/system/k3s.service",
      "k3s-agent-1.7, k3s, /var/lib/rancher/k3s/agent",
      "rke2, rke2, /usr/local/lib/systemd/system/rke2-agent.service",
      "microk8s, microk8s, /var/snap/microk8s/current/args/containerd-template.toml"})
  void statusShowsWhatWasDetectedAndWhy(String fixture, String name, String why) throws Exception {
    HostFixture h = HostFixture.copy(fixture, tmp);
    HostFixture.Cli s = h.run("status", "--output", "json");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("\"name\" : \"" + name + "\""), s.out());
    assertTrue(s.out().contains(why), s.out());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supported")
  void install_writesOnlyTheExpectedFiles_rerunWritesNothing_uninstallRestoresTheHost(String fixture) throws Exception {
    HostFixture h = HostFixture.copy(fixture, tmp);
    Map<String, String> pristine = TreeSnapshot.content(h.host());
    HostFixture.Cli install = h.run("install");
    assertEquals(0, install.code(), install.err());
    String file = h.get("expectFile");
    assertTrue(Files.readString(h.at(file)).contains("io.containerd.runsc.v1"), file);

    Map<String, String> after = TreeSnapshot.content(h.host());
    List<String> changedHostFiles = after.keySet().stream()
        .filter(k -> !k.startsWith("opt/gvisor-node-installer") && !k.startsWith("usr/local/bin/")
            && !k.startsWith("var/lib/gvisor-node-installer") && !k.startsWith("run/"))
        .filter(k -> !after.get(k).equals(pristine.get(k)))
        .filter(k -> !after.get(k).startsWith("dir "))
        .toList();
    // the runsc.toml the entry names (it pins runsc, see ShimConfig): next to the main config
    java.util.regex.Matcher named = java.util.regex.Pattern.compile("ConfigPath\\s*=\\s*[\"']/([^\"']+)[\"']")
        .matcher(Files.readString(h.at(file)));
    assertTrue(named.find(), file);
    String shimConfig = named.group(1);
    List<String> expected = h.get("expectPersist") == null ? List.of(file.substring(1), shimConfig)
        : List.of(file.substring(1), shimConfig, h.get("expectPersist").substring(1));
    assertEquals(expected.stream().sorted().toList(), changedHostFiles.stream().sorted().toList(), "files install changed");

    Map<String, String> installed = TreeSnapshot.of(h.host());
    HostFixture.Cli again = h.run("install");
    assertEquals(0, again.code(), again.err());
    TreeSnapshot.assertSame(installed, TreeSnapshot.of(h.host()), "a second install must not touch any file");

    HostFixture.Cli u = h.run("uninstall");
    assertEquals(0, u.code(), u.err());
    Map<String, String> back = TreeSnapshot.content(h.host());
    back.remove("run/gvisor-node-installer.lock");
    back.remove("run");
    pristine.remove("run");
    TreeSnapshot.assertSame(pristine, back, "host after uninstall");
  }

  @Test
  void k3s_createsTheV3TemplateAsBasePlusOurPart_andLeavesTheGeneratedConfigAlone() throws Exception {
    HostFixture h = HostFixture.copy("k3s", tmp);
    String generated = h.read("/var/lib/rancher/k3s/agent/etc/containerd/config.toml");
    assertEquals(0, h.run("install").code());
    // The text k3s documents for extending its default: {{ template "base" . }} first, then plain TOML.
    assertEquals("{{ template \"base\" . }}\n"
        + "\n"
        + "# BEGIN gvisor-node-installer runtime 'runsc' (uninstall removes this part)\n"
        + "[plugins.\"io.containerd.cri.v1.runtime\".containerd.runtimes.runsc]\n"
        + "  runtime_type = \"io.containerd.runsc.v1\"\n"
        + "[plugins.\"io.containerd.cri.v1.runtime\".containerd.runtimes.runsc.options]\n"
        + "  TypeUrl = \"io.containerd.runsc.v1.options\"\n"
        + "  ConfigPath = \"/var/lib/rancher/k3s/agent/etc/containerd/runsc.toml\"\n"
        + "# END gvisor-node-installer runtime 'runsc'\n",
        h.read("/var/lib/rancher/k3s/agent/etc/containerd/config-v3.toml.tmpl"));
    assertEquals(generated, h.read("/var/lib/rancher/k3s/agent/etc/containerd/config.toml"));
    assertFalse(Files.exists(h.at("/var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl")));
  }

  @Test
  void k3s_existingTemplate_getsOurPartAppended_withRunscFlagsPointingAtTheShimConfig() throws Exception {
    HostFixture h = HostFixture.copy("k3s-agent-1.7", tmp);
    String tmpl = "/var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl";
    String before = h.read(tmpl);
    assertEquals(0, h.run("install", "--runsc-flag", "platform=systrap").code());
    assertEquals(before + "\n"
        + "# BEGIN gvisor-node-installer runtime 'runsc' (uninstall removes this part)\n"
        + "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]\n"
        + "  runtime_type = \"io.containerd.runsc.v1\"\n"
        + "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc.options]\n"
        + "  TypeUrl = \"io.containerd.runsc.v1.options\"\n"
        + "  ConfigPath = \"/var/lib/rancher/k3s/agent/etc/containerd/runsc.toml\"\n"
        + "# END gvisor-node-installer runtime 'runsc'\n", h.read(tmpl));
    assertTrue(Files.exists(h.at("/var/lib/rancher/k3s/agent/etc/containerd/runsc.toml")));
    HostFixture.Cli s = h.run("status", "--output", "json");
    assertTrue(s.out().contains("\"configStrategy\" : \"go-template\""), s.out());
    assertEquals(0, h.run("uninstall").code());
    assertEquals(before, h.read(tmpl));
  }

  @Test
  void k3s_templateThatAlreadyDefinesTheRuntime_isRefused_andNothingIsWritten() throws Exception {
    HostFixture h = HostFixture.copy("k3s-agent-1.7", tmp);
    String dir = "/var/lib/rancher/k3s/agent/etc/containerd/";
    String own = "\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]\n  runtime_type = \"io.containerd.runsc.v1\"\n";
    Files.writeString(h.at(dir + "config.toml.tmpl"), h.read(dir + "config.toml.tmpl") + own);
    Files.writeString(h.at(dir + "config.toml"), h.read(dir + "config.toml") + own);
    Map<String, String> before = TreeSnapshot.of(h.host());
    HostFixture.Cli r = h.run("install");
    assertEquals(3, r.code(), r.out());
    assertTrue(r.err().contains("already defines runtime 'runsc'"), r.err());
    TreeSnapshot.assertSame(before, TreeSnapshot.of(h.host()), "host after a refused install");
  }

  @Test
  void eksAl2_rerunAfterTheBootstrapCopiedItsTemplateOver_reappliesTheRuntime() throws Exception {
    HostFixture h = HostFixture.copy("eks-al2", tmp);
    String pristine = h.read("/etc/containerd/config.toml");
    HostFixture.Cli dry = h.run("install", "--dry-run");
    assertTrue(dry.out().contains("in place: containerd 1.x replaces whole plugin sections on import"), dry.out());
    assertEquals(0, h.run("install").code());
    String installed = h.read("/etc/containerd/config.toml");
    // bootstrap.sh (first boot, or run again) copies /etc/eks/containerd/containerd-config.toml over the config
    Files.copy(h.at("/etc/eks/containerd/containerd-config.toml"), h.at("/etc/containerd/config.toml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertTrue(h.run("status", "--output", "json").out().contains("\"present\" : false"));
    HostFixture.Cli again = h.run("install"); // the DaemonSet pod restarts: the init container runs again
    assertEquals(0, again.code(), again.err());
    assertEquals(installed, h.read("/etc/containerd/config.toml"));
    assertEquals(0, h.run("uninstall").code());
    assertEquals(pristine, h.read("/etc/containerd/config.toml"));
  }

  @Test
  void eksAl2Gpu_keepsNvidiaAsTheDefaultRuntime_andAddsNoRunc() throws Exception {
    HostFixture h = HostFixture.copy("eks-al2-gpu", tmp);
    assertEquals(0, h.run("install").code());
    String cfg = h.read("/etc/containerd/config.toml");
    assertTrue(cfg.contains("default_runtime_name = \"nvidia\""), cfg);
    assertFalse(cfg.contains("runtimes.runc"), cfg);
    assertTrue(cfg.contains("runtimes.runsc]"), cfg);
  }

  @Test
  void eksAl2023_oldAmi_noDropIn_andThePlanSaysWhy() throws Exception {
    HostFixture h = HostFixture.copy("eks-al2023", tmp);
    HostFixture.Cli dry = h.run("install", "--dry-run");
    assertTrue(dry.out().contains("nodeadm on this AMI does not read /etc/eks/nodeadm.d/ at boot"), dry.out());
    String pristine = h.read("/etc/containerd/config.toml");
    assertEquals(0, h.run("install").code());
    assertFalse(Files.exists(h.at("/etc/eks/nodeadm.d")));
    String installed = h.read("/etc/containerd/config.toml");
    Files.writeString(h.at("/etc/containerd/config.toml"), pristine); // nodeadm at the next boot
    assertEquals(0, h.run("install").code()); // the init container after the reboot
    assertEquals(installed, h.read("/etc/containerd/config.toml"));
  }

  @Test
  void eksAl2023_nodeadmReadsDropIns_writesTheNodeConfig_andUninstallRemovesIt() throws Exception {
    HostFixture h = HostFixture.copy("eks-al2023-nodeadm-d", tmp);
    assertEquals(0, h.run("install").code());
    assertEquals("# Written by gvisor-node-installer: nodeadm merges this into containerd's config at every boot.\n"
        + "# uninstall removes it.\n"
        + "apiVersion: node.eks.aws/v1alpha1\n"
        + "kind: NodeConfig\n"
        + "spec:\n"
        + "  containerd:\n"
        + "    config: |\n"
        + "      [plugins.\"io.containerd.cri.v1.runtime\".containerd.runtimes.runsc]\n"
        + "        runtime_type = \"io.containerd.runsc.v1\"\n"
        + "      [plugins.\"io.containerd.cri.v1.runtime\".containerd.runtimes.runsc.options]\n"
        + "        TypeUrl = \"io.containerd.runsc.v1.options\"\n"
        + "        ConfigPath = \"/etc/containerd/runsc.toml\"\n", h.read("/etc/eks/nodeadm.d/99-gvisor-runsc.yaml"));
    HostFixture.Cli s = h.run("status", "--output", "json");
    assertTrue(s.out().contains("\"readAtBoot\" : true"), s.out());
    assertEquals(0, h.run("uninstall").code());
    assertFalse(Files.exists(h.at("/etc/eks/nodeadm.d/99-gvisor-runsc.yaml")));
  }

  @Test
  void eksAl2023_nodeConfigOfSomeoneElse_isNotRemoved() throws Exception {
    HostFixture h = HostFixture.copy("eks-al2023-nodeadm-d", tmp);
    Files.createDirectories(h.at("/etc/eks/nodeadm.d"));
    Files.writeString(h.at("/etc/eks/nodeadm.d/99-gvisor-runsc.yaml"), "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n");
    assertTrue(h.run("install", "--dry-run").out().contains("was not written by the installer: left alone"));
    assertEquals(0, h.run("install").code());
    assertEquals("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n", h.read("/etc/eks/nodeadm.d/99-gvisor-runsc.yaml"));
    assertEquals(0, h.run("uninstall").code());
    assertEquals("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n", h.read("/etc/eks/nodeadm.d/99-gvisor-runsc.yaml"));
  }

  @Test
  void k3s_templateOfAnAdminThatRendersNoRuntimesTable_onContainerd17_alsoGetsRunc() throws Exception {
    HostFixture h = HostFixture.copy("k3s-agent-1.7", tmp);
    String dir = "/var/lib/rancher/k3s/agent/etc/containerd/";
    String own = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"overlayfs\"\n";
    Files.writeString(h.at(dir + "config.toml.tmpl"), own);
    Files.writeString(h.at(dir + "config.toml"), own);
    assertEquals(0, h.run("install").code());
    String t = h.read(dir + "config.toml.tmpl");
    assertTrue(t.contains("runtimes.runc]\n  runtime_type = \"io.containerd.runc.v2\"\n  sandbox_mode = \"podsandbox\"\n"), t);
    assertTrue(t.contains("runtimes.runsc]\n  runtime_type = \"io.containerd.runsc.v1\"\n"), t);
    assertEquals(0, h.run("uninstall").code());
    assertEquals(own, h.read(dir + "config.toml.tmpl"));
  }

  @Test
  void k3s_dryRunShowsTheTemplateDiff_andStatusTheRenderedConfig() throws Exception {
    HostFixture h = HostFixture.copy("k3s", tmp);
    HostFixture.Cli dry = h.run("install", "--dry-run");
    assertTrue(dry.out().contains("config:       go-template /var/lib/rancher/k3s/agent/etc/containerd/config-v3.toml.tmpl"), dry.out());
    assertTrue(dry.out().contains("+{{ template \"base\" . }}"), dry.out());
    assertEquals(0, h.run("install").code());
    HostFixture.Cli s = h.run("status", "--output", "json");
    assertTrue(s.out().contains("\"renderedConfig\""), s.out());
    assertTrue(s.out().replaceAll("\\s", "").contains("\"fileView\":{\"runtime\":\"runsc\",\"present\":true}")
        || s.out().replaceAll("\\s", "").contains("\"fileView\":{\"present\":true,\"runtime\":\"runsc\"}"), s.out());
  }

  @Test
  void unknownDistribution_isRefusedNamingTheKnownOnes() throws Exception {
    HostFixture h = HostFixture.copy("generic", tmp);
    HostFixture.Cli r = h.run("install", "--distribution", "gardenlinux");
    assertEquals(4, r.code());
    assertTrue(r.err().contains("unknown --distribution 'gardenlinux' (known: generic, kind, eks-al2"), r.err());
  }

  @Test
  void bottlerocket_isRefusedWithWhatToDo_andNothingIsWritten() throws Exception {
    HostFixture h = HostFixture.copy("bottlerocket", tmp);
    Map<String, String> before = TreeSnapshot.of(h.host());
    HostFixture.Cli r = h.run("install");
    assertEquals(4, r.code());
    assertTrue(r.err().contains("Bottlerocket is not supported") && r.err().contains("docs/distributions.md"), r.err());
    TreeSnapshot.assertSame(before, TreeSnapshot.of(h.host()), "host after a refused install");
  }
}
