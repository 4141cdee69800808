package dev.gni.sdnode;

import dev.gni.e2e.TestArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * TEST ONLY: the installer runs of the node tests, and what they are checked against.
 *
 * <p>Each run gets the product defaults and only: the release folder ({@code .ci/make-test-release.sh}:
 * Debian's runsc and the test stand-in shim), {@code --no-node-label} (or a kubeconfig for the mock API) and
 * {@code --canary=false}. The canary is off because it cannot pass on this node with a node's defaults: this
 * machine has no CAP_SYS_RESOURCE, so runsc cannot set the pod's oom_score_adj (containerd's
 * {@code restrict_oom_score_adj = true} would change the config under test), no registry serves the pause image,
 * and the node has no CNI, so the canary must share the node's network namespace, which runsc accepts only
 * with {@code network=none} (with its default mode the installer asks CNI for a pod network, as on a real
 * node); SystemdNodeCanaryIT runs it with those three.
 */
final class NodeRun {
  private static Path release;

  private NodeRun() {
  }

  /** The test release folder, made once per test JVM; under CI a shim that cannot be built fails, never skips. */
  static synchronized Path release() {
    if (release == null) {
      try {
        release = TestArtifacts.release(Path.of("target", "sdnode", "release").toAbsolutePath(),
            TestArtifacts.ShimKind.STAND_IN);
      } catch (org.opentest4j.TestAbortedException e) {
        if (NodePreconditions.requiredHere()) {
          throw new AssertionError("the test release cannot be made here (required under CI): " + e.getMessage(), e);
        }
        throw e;
      }
    }
    return release;
  }

  /**
   * Makes the node able to run the installer's canary (SystemdNodeCanaryIT says why each step): containerd's
   * default config with {@code restrict_oom_score_adj = true}, containerd restarted, the pause image imported
   * under the config's sandbox_image. Install then needs {@code --runsc-flag network=none}.
   */
  static void prepareForCanary(SystemdNode node) throws IOException {
    Files.copy(TestArtifacts.busyboxImage(), node.file("/var/tmp/busybox-image.tar"));
    node.shOk("containerd config default | sed 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/'"
        + " > " + SystemdNode.CONFIG + " && systemctl restart containerd");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*sandbox_image = \"([^\"]+)\"")
        .matcher(new String(node.read(SystemdNode.CONFIG), java.nio.charset.StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IllegalStateException("containerd config default names no sandbox_image");
    }
    node.shOk("ctr -n k8s.io images import /var/tmp/busybox-image.tar"
        + " && ctr -n k8s.io images tag localhost/local/pause:1 " + m.group(1));
  }

  static List<String> args(String command, String... more) {
    List<String> a = new ArrayList<>(List.of(command));
    if (!command.equals("status")) {
      a.addAll(List.of("--binaries-dir", release().toString()));
    }
    if (command.equals("install")) {
      a.add("--canary=false");
    }
    a.add("--no-node-label");
    a.addAll(List.of(more));
    return a;
  }

  static DaemonSetPod.Result install(SystemdNode node, String... more) {
    return DaemonSetPod.run(node, Map.of(), args("install", more));
  }

  static DaemonSetPod.Result uninstall(SystemdNode node, String... more) {
    return DaemonSetPod.run(node, Map.of(), args("uninstall", more));
  }

  static DaemonSetPod.Result statusJson(SystemdNode node) {
    return DaemonSetPod.run(node, Map.of(), args("status", "--output", "json"));
  }

  /** The node's files install may touch: path to (inode, size, mtime, ctime); a rewrite with the same bytes shows. */
  static Map<String, String> snapshot(SystemdNode node) {
    Map<String, String> m = new TreeMap<>();
    for (String d : List.of("etc", "opt", "usr/local", "var/lib/gvisor-node-installer")) {
      Path dir = node.root().resolve(d);
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.forEach(p -> m.put(node.root().relativize(p).toString(), stat(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return m;
  }

  private static String stat(Path p) {
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:ino,size,lastModifiedTime,ctime",
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
      return a.get("ino") + " " + a.get("size") + " " + ((FileTime) a.get("lastModifiedTime")).toInstant() + " "
          + ((FileTime) a.get("ctime")).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
