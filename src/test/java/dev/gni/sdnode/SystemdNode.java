package dev.gni.sdnode;

import dev.gni.e2e.CiScripts;
import dev.gni.testsupport.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TEST ONLY: one real systemd node ({@code .ci/sdnode.sh}): a copy of the suite's cached Debian rootfs,
 * booted with systemd-nspawn, systemd as its PID 1 and Debian's containerd as {@code containerd.service}.
 * Each node has its own directory under {@code target/sdnode/} (SDNODE_DIR), so tests never share one.
 * The test drives it from outside, as an operator with a shell on the node would ({@link #sh}).
 */
final class SystemdNode implements AutoCloseable {
  /** The node's Debian release, and the containerd series Debian ships in it. */
  enum Suite {
    TRIXIE("1.7"), BOOKWORM("1.6");

    final String containerd;

    Suite(String containerd) {
      this.containerd = containerd;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    Path cachedRootfs() {
      return NodePreconditions.cache().resolve(id()).resolve("rootfs");
    }
  }

  /** The unit systemd starts containerd as on Debian. */
  static final String UNIT = "containerd.service";
  static final String CONFIG = "/etc/containerd/config.toml";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

  private final Suite suite;
  private final Path dir;
  private long pid1;

  private SystemdNode(Suite suite, Path dir) {
    this.suite = suite;
    this.dir = dir;
  }

  /** A fresh node of the suite (a new copy of the cached rootfs), booted; containerd is active. */
  static SystemdNode boot(Suite suite, String name) {
    NodePreconditions.require(suite);
    Path dir = Path.of("target", "sdnode", name + "-" + suite.id()).toAbsolutePath();
    SystemdNode node = new SystemdNode(suite, dir);
    node.script("stop"); // a node left running by an aborted run of this test
    Exec.run(Duration.ofMinutes(2), List.of("rm", "-rf", dir.toString())).orThrow();
    Exec.run(Duration.ofMinutes(5), List.of("mkdir", "-p", dir.toString())).orThrow();
    Exec.run(Duration.ofMinutes(5), List.of("cp", "-a", suite.cachedRootfs().toString(), dir.resolve("rootfs").toString()))
        .orThrow();
    node.start();
    return node;
  }

  Suite suite() {
    return suite;
  }

  long pid1() {
    return pid1;
  }

  /** Boots the node; returns when containerd is active. */
  void start() {
    long t0 = System.nanoTime();
    Exec.Result r = script("start");
    String pid = r.stdout().lines().filter(l -> l.startsWith("PID1=")).findFirst()
        .orElseThrow(() -> new IllegalStateException("sdnode.sh start: " + r.stdout() + r.stderr() + log()));
    pid1 = Long.parseLong(pid.substring("PID1=".length()));
    System.out.printf("sdnode %s: booted in %d ms (PID 1 = %d)%n", dir.getFileName(), (System.nanoTime() - t0) / 1_000_000,
        pid1);
  }

  /** A clean shutdown (systemd stops its units), as `systemctl poweroff` would. */
  void stop() {
    script("stop");
    pid1 = 0;
  }

  /** Stops and boots the node again: /run is fresh, every unit starts again in its order. */
  void reboot() {
    stop();
    start();
  }

  private Exec.Result script(String command) {
    Exec.Result r = Exec.run(SCRIPT_TIMEOUT, List.of("bash", CiScripts.ciDir().resolve("sdnode.sh").toString(), command),
        Map.of("SDNODE_DIR", dir.toString(), "SDNODE_SUITE", suite.id(), "SDNODE_TIMEOUT", "150"));
    if (!r.ok()) {
      throw new IllegalStateException("sdnode.sh " + command + " exited " + r.exitCode() + ": " + r.stderr() + log());
    }
    return r;
  }

  private String log() {
    try {
      Path log = dir.resolve("nspawn.log");
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return "\n--- nspawn.log (tail):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Runs a shell script in the node (all its namespaces), as root on the node. */
  Exec.Result sh(String script) {
    return Exec.run(SCRIPT_TIMEOUT, List.of("nsenter", "--target", String.valueOf(pid1), "--mount", "--uts", "--ipc",
        "--net", "--pid", "--", "/bin/sh", "-c", script));
  }

  /** {@link #sh}, its stdout; fails the test when the script fails. */
  String shOk(String script) {
    return sh(script).orThrow().strip();
  }

  /** A property of containerd.service, e.g. MainPID, ActiveState, KillMode. */
  String unit(String property) {
    return shOk("systemctl show " + UNIT + " --value -p " + property);
  }

  long mainPid() {
    return Long.parseLong(unit("MainPID"));
  }

  /** How often systemd has started containerd since boot (its "Started" journal entries). */
  int containerdStarts() {
    // SD_MESSAGE_UNIT_STARTED: a start job of the unit completed successfully
    String out = shOk("journalctl -b -q -o cat _PID=1 UNIT=" + UNIT + " MESSAGE_ID=39f53479d3a045ac8e11786248231fbf"
        + " | wc -l");
    return Integer.parseInt(out.strip());
  }

  /** The node's root directory seen from this machine (its files; its /run is a tmpfs inside the node). */
  Path root() {
    return dir.resolve("rootfs");
  }

  Path file(String nodePath) {
    return root().resolve(nodePath.substring(1));
  }

  byte[] read(String nodePath) {
    try {
      return Files.readAllBytes(file(nodePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String nodePath, String text) {
    try {
      Files.createDirectories(file(nodePath).getParent());
      Files.writeString(file(nodePath), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** containerd's CRI socket in the node's /run, reached from this machine through PID 1's root. */
  Path criSocket() {
    return Path.of("/proc", String.valueOf(pid1), "root", "run", "containerd", "containerd.sock");
  }

  Path dir() {
    return dir;
  }

  /** Stops the node and deletes its copy of the rootfs (its nspawn.log stays). */
  @Override
  public void close() {
    script("stop");
    Exec.run(Duration.ofMinutes(2), List.of("rm", "-rf", root().toString()));
  }
}
