package dev.gni.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When nodeadm reads /etc/eks/nodeadm.d at boot, decided from the units that run it (see NodeadmDropIn). */
class NodeadmSupportTest {
  @TempDir
  Path host;

  private static final String CACHE = " --config-cache /run/eks/nodeadm/config.json";
  private static final String RUN_NEW = "/usr/bin/nodeadm --console init --skip config --config-source imds://user-data"
      + " --config-source file:///etc/eks/nodeadm.d/" + CACHE;
  private static final String CONFIG_CACHED = "/usr/bin/nodeadm init --skip run --config-source imds://user-data" + CACHE;

  private void unit(String name, String execStart) throws Exception {
    Path p = host.resolve("etc/systemd/system/" + name + ".service");
    Files.createDirectories(p.getParent());
    Files.writeString(p, "[Service]\nType=oneshot\nExecStart=" + execStart + "\n");
  }

  private Optional<String> support() {
    return NodeadmDropIn.supportedBy(new LocalHostFiles(new HostRoot(host)));
  }

  @Test
  void oldAmi_runPhaseHasNoFileSource_notSupported() throws Exception {
    unit("nodeadm-config", "/usr/bin/nodeadm init --skip run");
    unit("nodeadm-run", "/usr/bin/nodeadm init --skip config");
    assertEquals(Optional.empty(), support());
  }

  @Test
  void runReadsTheFolder_andBothUnitsShareTheCache_supported() throws Exception {
    unit("nodeadm-config", CONFIG_CACHED);
    unit("nodeadm-run", RUN_NEW);
    assertEquals(Optional.of("/etc/systemd/system/nodeadm-run.service with /etc/systemd/system/nodeadm-config.service's"
        + " --config-cache /run/eks/nodeadm/config.json"), support());
  }

  @Test
  void runReadsTheFolder_butTheConfigPhaseCachesNothing_notSupported() throws Exception {
    unit("nodeadm-config", "/usr/bin/nodeadm init --skip run");
    unit("nodeadm-run", RUN_NEW);
    assertEquals(Optional.empty(), support(), "run phase never re-writes containerd's config without a changed cache");
  }

  @Test
  void commaSeparatedSources_andASystemdDropInOverride_areRead() throws Exception {
    unit("nodeadm-config", CONFIG_CACHED);
    unit("nodeadm-run", "/usr/bin/nodeadm init --skip config");
    Path d = host.resolve("etc/systemd/system/nodeadm-run.service.d/10-sources.conf");
    Files.createDirectories(d.getParent());
    Files.writeString(d, "[Service]\nExecStart=\nExecStart=/usr/bin/nodeadm init --skip config"
        + " --config-source imds://user-data,file:///etc/eks/nodeadm.d" + CACHE + "\n");
    assertEquals(true, support().isPresent());
  }

  @Test
  void noNodeadmUnits_notSupported() {
    assertEquals(Optional.empty(), support());
  }
}
