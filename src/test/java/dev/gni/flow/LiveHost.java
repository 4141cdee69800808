package dev.gni.flow;

import dev.gni.cli.Main;
import dev.gni.config.Option;
import dev.gni.containerd.cri.CriLiveCheck;
import dev.gni.containerd.cri.LiveView;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.ContainerdService;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.TempDirs;
import dev.gni.testsupport.TestHosts;
import dev.gni.testsupport.TreeSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A node for host-integration tests: a temporary host root {@code H} whose containerd config is a real CRI
 * config, a real containerd daemon on it (config, root, state, socket and {@code /opt} under {@code H}), and
 * {@link ContainerdService} as its service manager. {@link #cli} runs the real installer in-process with
 * {@code --restart command --restart-command <script> --host-exec direct}.
 */
final class LiveHost implements AutoCloseable {
  static final String CONFIG = "/etc/containerd/config.toml";
  static final String SOCKET = "/run/containerd/containerd.sock";
  /** The deadline of a test's own CRI check of a daemon (just started or restarted): generous, free when it is fast. */
  static final Duration CRI_DEADLINE = Duration.ofSeconds(60);
  /** Paths the daemon owns (its root, state, socket, opt plugin) and the lock file: not the installer's business. */
  static final List<String> NOT_OURS = List.of("var/lib/containerd", "run/containerd", "opt/containerd",
      "run/gvisor-node-installer.lock");

  final Series series;
  final Path dir;
  final Path host;
  final Path release;
  final RealContainerd containerd;
  final ContainerdService service;

  private LiveHost(Series series, Path dir, Path host, Path release, RealContainerd containerd,
                   ContainerdService service) {
    this.series = series;
    this.dir = dir;
    this.host = host;
    this.release = release;
    this.containerd = containerd;
    this.service = service;
  }

  static LiveHost start(Series series) throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "gni-h");
    Path host = dir.resolve("h");
    for (String d : List.of("etc/containerd", "usr/local/bin", "usr/bin", "opt", "run", "var/lib")) {
      Files.createDirectories(host.resolve(d));
    }
    CriTestConfig.forSeries(series).writeTo(host.resolve(CONFIG.substring(1)));
    Path release = TestHosts.release(dir);
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    RealContainerd containerd;
    try {
      containerd = RealContainerd.builder(bins).hostRoot(host).nodePaths().config(CONFIG).start();
    } catch (RuntimeException e) {
      TempDirs.deleteTree(dir);
      throw e;
    }
    ContainerdService service = ContainerdService.of(containerd, dir.resolve("svc"));
    return new LiveHost(series, dir, host, release, containerd, service);
  }

  /** The installer through {@link Main#run}, restarting containerd with the service's script. */
  CliRun cli(String... args) {
    return cliWithRestart(service.script().toString(), args);
  }

  CliRun cliWithRestart(String restartCommand, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--restart")) {
      all.addAll(List.of("--restart", "command", "--restart-command", restartCommand));
    }
    if (!all.contains("--containerd-config")) {
      all.addAll(List.of("--containerd-config", CONFIG));
    }
    all.addAll(List.of("--host-root", host.toString(), "--binaries-dir", release.toString(),
        "--host-exec", "direct", "--containerd-socket", SOCKET,
        "--no-node-label", "--restart-timeout", "30"));
    if (all.stream().noneMatch(a -> a.startsWith("--canary"))) {
      all.add("--canary=false");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The installer's options for a run in-process against this node: its restart script, its socket and config,
   * ptrace, no label, no canary. The containerd version is given: a re-run after a crash "during the restart"
   * finds containerd down, and on a node the version then comes from the host's containerd binary, which
   * {@code --host-exec direct} cannot reach here.
   */
  Map<Option, String> installOptions() {
    Map<Option, String> o = new EnumMap<>(Option.class);
    o.put(Option.HOST_ROOT, host.toString());
    o.put(Option.BINARIES_DIR, release.toString());
    o.put(Option.RESTART, "command");
    o.put(Option.RESTART_COMMAND, service.script().toString());
    o.put(Option.RESTART_TIMEOUT, "30");
    o.put(Option.HOST_EXEC, "direct");
    o.put(Option.CONTAINERD_SOCKET, SOCKET);
    o.put(Option.CONTAINERD_CONFIG, CONFIG);
    o.put(Option.CONTAINERD_VERSION, series.seriesName());
    o.put(Option.RUNSC_FLAG, "platform=ptrace");
    o.put(Option.NO_NODE_LABEL, "true");
    o.put(Option.CANARY, "false");
    return o;
  }

  String socket() {
    return containerd.socket();
  }

  LiveView live() {
    return new CriLiveCheck(socket(), CRI_DEADLINE).check();
  }

  byte[] config() throws IOException {
    return Files.readAllBytes(host.resolve(CONFIG.substring(1)));
  }

  /** The host tree by content (no mtimes), without what containerd owns. */
  /**
   * The host tree by content. {@code verified-copies} holds each copy's inode and times, which differ from run
   * to run by nature; it is compared by what it vouches for (sha512 and path of each copy, runsc versions).
   */
  Map<String, String> tree() throws IOException {
    Map<String, String> tree = TreeSnapshot.content(host, NOT_OURS);
    String key = StateStore.VERIFIED_COPIES.substring(1);
    Path copies = host.resolve(key);
    if (tree.containsKey(key) && Files.isRegularFile(copies)) {
      tree.put(key, Files.readAllLines(copies).stream()
          .map(l -> l.startsWith("file ") ? l.replaceAll("^file (\\S+) \\d+ \\d+ \\d+ \\d+ ", "file $1 ") : l)
          .sorted().toList().toString());
    }
    return tree;
  }

  @Override
  public void close() {
    service.close();
    containerd.close();
    TempDirs.deleteTree(dir);
  }
}
