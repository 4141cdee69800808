package dev.gni.sdnode;

import dev.gni.e2e.CiScripts;
import dev.gni.host.EffectiveUid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * TEST ONLY: what the node tests need, checked once: root, this machine's tools, the node rootfs that
 * {@code .ci/install-deps.sh} builds per suite into the test cache, and the shipped jar. Missing: the test
 * is skipped with the reason on a developer's machine, and FAILS under CI ({@code CI=true}, or
 * {@code GNI_REQUIRE_REAL_CONTAINERD} as .ci/test sets it): CI must never pass by skipping.
 */
final class NodePreconditions {
  private static final List<String> TOOLS = List.of("/usr/bin/systemd-nspawn", "/usr/bin/nsenter", "/usr/bin/unshare",
      "/usr/bin/gcc", "/usr/bin/setsid");

  private NodePreconditions() {
  }

  static void require(SystemdNode.Suite suite) {
    List<String> missing = new ArrayList<>();
    if (!EffectiveUid.isRoot()) {
      missing.add("not running as root");
    }
    TOOLS.stream().filter(t -> !Files.isExecutable(Path.of(t))).forEach(t -> missing.add(t + " is missing"));
    Path built = suite.cachedRootfs().resolve(".sdnode-built");
    if (!Files.isRegularFile(built)) {
      missing.add("no " + suite + " node at " + suite.cachedRootfs() + " (run .ci/install-deps.sh)");
    }
    if (!Files.isRegularFile(DaemonSetPod.jar())) {
      missing.add("no installer jar at " + DaemonSetPod.jar() + " (mvn -DskipTests package)");
    }
    if (missing.isEmpty()) {
      return;
    }
    String why = "the systemd node tests cannot run here: " + String.join("; ", missing);
    if (requiredHere()) {
      Assertions.fail(why + " (required under CI)");
    }
    Assumptions.abort(why);
  }

  static boolean requiredHere() {
    return "true".equals(System.getenv("CI")) || System.getenv("GNI_REQUIRE_REAL_CONTAINERD") != null;
  }

  static Path cache() {
    return CiScripts.cache().resolve("sdnode");
  }
}
