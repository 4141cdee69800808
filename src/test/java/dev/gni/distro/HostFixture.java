package dev.gni.distro;

import dev.gni.cli.Main;
import dev.gni.testsupport.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One fake host tree per distribution under src/test/resources/hosts/NAME (os-release, config or template,
 * unit files), copied to a temp dir, and the real CLI run in-process against it. host.properties says what
 * the host is (containerd version, which containerd series load its config) and what install must write.
 */
record HostFixture(String name, Path host, Path release, Properties p) {
  static final Path HOSTS = Path.of("src/test/resources/hosts");

  static HostFixture copy(String name, Path tmp) throws IOException {
    Path host = tmp.resolve("host");
    TestHosts.copyTree(HOSTS.resolve(name), host);
    Files.delete(host.resolve("host.properties"));
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(HOSTS.resolve(name).resolve("host.properties"))) {
      p.load(r);
    }
    return new HostFixture(name, host, TestHosts.release(tmp), p);
  }

  static List<String> supported() throws IOException {
    try (Stream<Path> s = Files.list(HOSTS)) {
      return s.filter(d -> !props(d).containsKey("refused")).map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  private static Properties props(Path dir) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("host.properties"))) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  String get(String key) {
    return p.getProperty(key);
  }

  Path at(String hostPath) {
    return host.resolve(hostPath.substring(1));
  }

  String read(String hostPath) throws IOException {
    return Files.readString(at(hostPath));
  }

  /** The containerd series that load fixture {@code name}'s file, read without copying the fixture. */
  static List<String> dumpSeries(String name) {
    return Arrays.asList(props(HOSTS.resolve(name)).getProperty("dump").split(","));
  }

  /** The CLI with this host's containerd version, no restart, no Kubernetes, no canary. */
  Cli run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--host-root", host.toString(), "--binaries-dir", release.toString(), "--restart", "none",
        "--no-node-label", "--host-exec", "direct", "--containerd-version", get("containerd"), "--canary=false"));
    if (get("distribution") != null) {
      all.addAll(List.of("--distribution", get("distribution")));
    }
    if (all.get(0).equals("uninstall") && !all.contains("--force")) {
      // no containerd runs on these fake hosts, so uninstall's sandbox guard cannot list sandboxes and would
      // refuse (SandboxGuardTest and the e2e tests prove the guard itself)
      all.add("--force");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Cli(int code, String out, String err) {
  }
}
