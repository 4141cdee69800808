package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePatchesTest {
  private final NodePatches patches = new NodePatches(new NodeLabels("example.com"));

  @Test
  void markReady_isMergePatchOfMetadataOnly_withoutResourceVersion() {
    assertEquals("{\"metadata\":{\"labels\":{\"example.com/runsc\":\"ready\"},"
        + "\"annotations\":{\"example.com/a\":\"1\",\"example.com/b\":\"2\"}}}",
        patches.markReady(Map.of("b", "2", "a", "1")));
  }

  @Test
  void clearReady_removesOnlyPresentKeys_escapedAsJsonPointer() {
    var node = new NodeBuilder().withNewMetadata().withName("n")
        .addToLabels("example.com/runsc", "ready").addToLabels("example.com/install", "true")
        .addToAnnotations("example.com/gvisor-version", "x").addToAnnotations("other/keep", "y").endMetadata().build();

    assertEquals(List.of(
        Map.of("op", "remove", "path", "/metadata/labels/example.com~1runsc"),
        Map.of("op", "remove", "path", "/metadata/annotations/example.com~1gvisor-version")),
        patches.clearReadyOps(node));
  }

  @Test
  void clearReady_nothingPresent_noOps() {
    assertEquals(List.of(), patches.clearReadyOps(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build()));
  }

  @Test
  void pointer_escapesTildeBeforeSlash() {
    assertEquals("a~0b~1c", NodePatches.pointer("a~b/c"));
  }

  @Test
  void retryPolicy_doublesFromFirstWaitUpToCap() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(4)), List.of(p.waitBefore(2), p.waitBefore(3), p.waitBefore(4), p.waitBefore(5),
        p.waitBefore(6)));
  }
}
