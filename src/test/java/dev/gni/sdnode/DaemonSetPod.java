package dev.gni.sdnode;

import dev.gni.testsupport.Exec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TEST ONLY: runs the SHIPPED installer jar ({@code java -jar}) where the DaemonSet's init container runs on a
 * node: in the node's PID namespace (PID 1 is the node's systemd, so the product's {@code nsenter --target 1}
 * reaches it), in a private mount namespace with a fresh /proc and the node's whole root recursively at
 * {@code /host}, the product's default host root. That is the C helper {@code pod-ns.c} (a test resource,
 * compiled here with gcc): it takes the node's tree with open_tree(OPEN_TREE_CLONE | AT_RECURSIVE) inside the
 * node's mount namespace and move_mount()s it onto /host, since {@code mount --rbind /proc/PID/root} would bind
 * this machine's root instead. The pod's own root is this machine's tree (standing in for the image).
 *
 * <p>The installer gets the product defaults ({@code --restart systemd --host-exec nsenter}, host root
 * /host, the node's own socket and config) plus what a test names: the release folder,
 * {@code --no-node-label} or a kubeconfig, and where said, {@code --canary=false} (see {@link NodeRun}).
 */
final class DaemonSetPod {
  private static Path podNs;

  private DaemonSetPod() {
  }

  /** The shaded jar of the package phase (failsafe passes its path; else target/). */
  static Path jar() {
    String p = System.getProperty("gni.shippedJar");
    return Path.of(p != null ? p : "target/gvisor-node-installer.jar").toAbsolutePath();
  }

  /** pod-ns, compiled once per test JVM from the test resource. */
  static synchronized Path podNs() {
    if (podNs == null) {
      Path dir = Path.of("target", "sdnode").toAbsolutePath();
      Path src = dir.resolve("pod-ns.c");
      Path bin = dir.resolve("pod-ns");
      try (InputStream in = DaemonSetPod.class.getResourceAsStream("pod-ns.c")) {
        Files.createDirectories(dir);
        Files.write(src, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Exec.run(Duration.ofMinutes(2), List.of("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", bin.toString(),
          src.toString())).orThrow();
      podNs = bin;
    }
    return podNs;
  }

  /** What one run of the installer in the pod did. */
  record Result(List<String> args, int code, String out, String err, long millis) {
    /** The installer's one-line error (the last line of stderr). */
    String errorLine() {
      List<String> lines = err.strip().lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    boolean logged(String text) {
      return err.contains(text);
    }

    /** For assertion messages: the command, exit code and the whole log. */
    String why() {
      return String.join(" ", args) + " -> exit " + code + " in " + millis + " ms\n" + err + out;
    }
  }

  /** Runs {@code java -jar <jar> ARGS} in the pod on the node; env is the pod's environment (PATH added). */
  static Result run(SystemdNode node, Map<String, String> env, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(podNs().toString(), String.valueOf(node.pid1()), "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String flags = System.getProperty("gni.imageJvmFlags", "");
    if (!flags.isBlank()) { // the image's JVM flags (pom.xml image.jvmFlags), as the DaemonSet runs it
      cmd.addAll(Arrays.asList(flags.split(",")));
    }
    cmd.addAll(List.of("-jar", jar().toString()));
    cmd.addAll(args);
    Map<String, String> podEnv = new TreeMap<>(env);
    podEnv.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    long t0 = System.nanoTime();
    List<String> full = new ArrayList<>(List.of("env", "-i")); // the pod's environment only, nothing of Maven's
    podEnv.forEach((k, v) -> full.add(k + "=" + v));
    full.addAll(cmd);
    Exec.Result r = Exec.run(Duration.ofMinutes(5), full);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Result res = new Result(args, r.exitCode(), r.stdout(), r.stderr(), ms);
    System.out.printf("== installer %s on %s: exit %d in %d ms%n%s", String.join(" ", args), node.dir().getFileName(),
        res.code(), ms, res.err());
    return res;
  }
}
