package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Error paths of reading {@code info["config"]}, which real containerd never produces; the happy path is
 * covered against real daemons in {@link CriLiveCheckTest}. The JSON below is a trimmed copy of 1.7.24's.
 */
class LiveRuntimesTest {
  @Test
  void readsRuntimesAndIgnoresLegacyDefaultRuntimeEntries() {
    String json = "{\"containerd\":{\"defaultRuntime\":{\"runtimeType\":\"\"},\"untrustedWorkloadRuntime\":"
        + "{\"runtimeType\":\"\"},\"runtimes\":{\"runc\":{\"runtimeType\":\"io.containerd.runc.v2\"},"
        + "\"runsc\":{\"runtimeType\":\"io.containerd.runsc.v1\"}}}}";

    assertEquals(Map.of("runc", "io.containerd.runc.v2", "runsc", "io.containerd.runsc.v1"),
        LiveRuntimes.fromConfigJson(json));
  }

  @Test
  void missingConfigIsAClearError() {
    RuntimeStatus status = new RuntimeStatus(List.of(), Map.of(), List.of());

    CriException e = assertThrows(CriException.class, () -> LiveRuntimes.of(status));

    assertTrue(e.getMessage().contains("info[\"config\"]"), e.getMessage());
  }

  @Test
  void malformedOrShapelessConfigIsAClearError() {
    assertTrue(assertThrows(CriException.class, () -> LiveRuntimes.fromConfigJson("{not json"))
        .getMessage().contains("is not JSON"));
    assertTrue(assertThrows(CriException.class, () -> LiveRuntimes.fromConfigJson("{\"containerd\":{}}"))
        .getMessage().contains("containerd.runtimes"));
  }

  @Test
  void findsTheRuntimesPastNestedValues_onlyAtContainerdRuntimes() {
    String json = "{\"cni\":{\"runtimes\":{\"decoy\":{\"runtimeType\":\"x\"}}},\"list\":[{\"containerd\":{}}],"
        + "\"containerd\":{\"snapshotter\":\"overlayfs\",\"runtimes\":{\"runsc\":{\"options\":{\"runtimeType\":"
        + "\"nested\",\"a\":[1,{\"b\":null}]},\"runtimeType\":\"io.containerd.runsc.v1\",\"privileged_without_host_devices\":"
        + "false},\"odd\":\"text\",\"numeric\":{\"runtimeType\":3}},\"after\":{\"runtimes\":{}}}}";

    assertEquals(Map.of("runsc", "io.containerd.runsc.v1", "odd", "", "numeric", ""),
        LiveRuntimes.fromConfigJson(json));
  }
}
