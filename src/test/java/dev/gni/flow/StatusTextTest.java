package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTextTest {
  @Test
  void render_nestedStatus_printsAlignedKeysIndentedChildrenNoBraces() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("distribution", map("name", "eks-al2023", "why", "/etc/eks/nodeadm exists", "strategy", "config-and-nodeadm"));
    m.put("installed", true);
    m.put("release", "6010b969a0caaa4b");
    m.put("configPath", "/etc/containerd/config.toml");
    m.put("fileView", map("runtime", "runsc", "present", true));
    m.put("liveView", map("reachable", true, "runtimeReady", true, "runtimes", List.of("runc", "runsc"),
        "error", null));
    m.put("binaries", map("/usr/local/bin/runsc", "/opt/gvisor-node-installer/current/runsc",
        "/usr/local/bin/containerd-shim-runsc-v1", "(absent)"));
    m.put("healthy", true);
    assertEquals("""
        Distribution:
          Name:      eks-al2023
          Why:       /etc/eks/nodeadm exists
          Strategy:  config-and-nodeadm
        Installed:     true
        Release:       6010b969a0caaa4b
        Config Path:   /etc/containerd/config.toml
        File View:
          Runtime:  runsc
          Present:  true
        Live View:
          Reachable:      true
          Runtime Ready:  true
          Runtimes:       runc, runsc
          Error:          <none>
        Binaries:
          /usr/local/bin/runsc:                     /opt/gvisor-node-installer/current/runsc
          /usr/local/bin/containerd-shim-runsc-v1:  (absent)
        Healthy:       true
        """, StatusText.render(m));
  }

  @Test
  void render_emptyListAndEmptyMap_showNone() {
    String out = StatusText.render(map("runtimes", List.of(), "binaries", Map.of()));
    assertEquals("Runtimes:  <none>\nBinaries:  <none>\n", out);
    assertFalse(out.contains("{") || out.contains("["), out);
  }

  @Test
  void label_fieldNamesBecomeWords_pathsStay() {
    assertEquals("Runtime Ready", StatusText.label("runtimeReady"));
    assertEquals("Containerd Version", StatusText.label("containerdVersion"));
    assertEquals("/etc/containerd/config.toml", StatusText.label("/etc/containerd/config.toml"));
    assertTrue(StatusText.label("healthy").equals("Healthy"));
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void render_listOfRecords_eachRecordABlockUnderItsKey_noBraces() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("releases", List.of(StatusText.fields("id", "a1", "current", false, "pods", List.of("shop/api-1")),
        StatusText.fields("id", "b2", "current", true, "pods", List.of())));
    m.put("healthy", true);
    assertEquals("""
        Releases:
          Id:       a1
          Current:  false
          Pods:     shop/api-1
          Id:       b2
          Current:  true
          Pods:     <none>
        Healthy:   true
        """, StatusText.render(m));
  }
}
