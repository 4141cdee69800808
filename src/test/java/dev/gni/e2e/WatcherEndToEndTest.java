package dev.gni.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gni.testsupport.Al2023Host;
import dev.gni.testsupport.ContainerdBinaries.Series;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cluster lifecycle end to end, in both readiness modes, on a REAL containerd (label mode on 1.7, taint mode
 * on 2.1) with the REAL installer CLI and the REAL watcher ({@code watch}, its own JVM with the chart's watcher JVM
 * flags, stopped by SIGTERM). The one mock: fabric8's CRUD mock API server ({@link MockApi}; no API server here),
 * holding the Node, the Events and the watcher's Pod (the test plays the DaemonSet controller: once the watcher
 * deleted its pod, it runs the install again as a new pod's init container would).
 *
 * <p>Order: a good install makes the node ready (taint removed / label set); the watcher serves its ready file;
 * containerd's config is rewritten without runsc and containerd restarted behind the installer's back; within an
 * interval the watcher marks the node not ready, posts RuntimeLost naming what changed, and deletes its pod; the
 * install runs again (Installed, saying containerd was restarted) and the node is ready again; with containerd
 * stopped and the config in place, an install restarts it and reports Installed (not AlreadyInstalled); a failed install
 * (a do-nothing shim) then marks the ready node not ready and keeps it so.
 */
@Tag("e2e")
@EnableKubernetesMockClient(crud = true)
class WatcherEndToEndTest {
  private static final java.util.logging.Logger MOCK_LOG = quietMock();
  static KubernetesClient client;

  private static final String NODE = "e2e-node";
  private static final String POD = "gvisor-node-installer-x7k2p";
  private static final String NS = "gvisor-system";
  private static final String TAINT = "gvisor.dev/runsc-not-ready";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final MockApi api = new MockApi(client);

  @BeforeAll
  static void preconditions() {
    Al2023Host.require(Series.V1_7, Series.V2_1);
  }

  @ParameterizedTest(name = "{0} mode, containerd {1}")
  @CsvSource({"label, V1_7", "taint, V2_1"})
  void readySignal_followsRuntime_lostAndReinstalled(String mode, Series series, @TempDir Path tmp)
      throws Exception {
    boolean taintMode = mode.equals("taint");
    Path good = TestArtifacts.release(tmp.resolve("good"), TestArtifacts.ShimKind.STAND_IN);
    Path bad = TestArtifacts.release(tmp.resolve("bad"), TestArtifacts.ShimKind.DO_NOTHING);
    Path image = TestArtifacts.busyboxImage();
    resetNode(taintMode);
    api.kubeconfig(tmp);
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(image);
      byte[] original = Files.readAllBytes(host.configFile());

      InstallerCli install = InstallerCli.run(installArgs(host, good, tmp, mode));
      assertEquals(0, install.code(), install.log() + host.logTail(30));
      assertReady(taintMode, true);
      assertEquals(1, api.events("Installed").size());

      Path readyFile = tmp.resolve("ready/ready");
      Process watcher = startWatcher(host, tmp, mode, readyFile);
      Path watchLog = tmp.resolve("watch.log");
      try {
        awaitTrue(() -> Files.exists(readyFile), "the ready file", watchLog);
        assertReady(taintMode, true);

        // behind the installer's back: the config loses runsc, containerd restarts without it
        Instant broken = Instant.now();
        breakConfig(host, original);
        host.restart();
        awaitTrue(() -> !Files.exists(readyFile), "the ready file to go", watchLog);
        awaitTrue(() -> api.events("RuntimeLost").size() == 1, "the RuntimeLost Event", watchLog);
        awaitTrue(() -> client.pods().inNamespace(NS).withName(POD).get() == null, "the pod delete", watchLog);
        System.out.println("WatcherEndToEndTest[" + mode + "]: lost -> pod deleted in "
            + Duration.between(broken, Instant.now()).toMillis() + " ms (interval 2 s)");
        assertReady(taintMode, false);
        String lost = api.events("RuntimeLost").get(0).getMessage();
        // the config change always; what containerd shows depends on when the check fell in its restart
        assertTrue(lost.contains("containerd's config /etc/containerd/config.toml was rewritten and no longer holds"
            + " runtime 'runsc'") && (lost.contains("runtime 'runsc' is missing from containerd's CRI runtimes")
            || lost.contains("socket /run/containerd/containerd.sock is gone") || lost.contains("does not answer CRI"))
            && lost.endsWith("node marked not ready; the installer will run again"), lost);
        System.out.println("WatcherEndToEndTest[" + mode + "]: RuntimeLost: " + lost);
        assertTrue(api.annotations(NODE).getOrDefault("gvisor.dev/reinstalls", "").startsWith("1 "),
            api.annotations(NODE)::toString);
      } finally {
        long t0 = System.nanoTime();
        watcher.destroy(); // SIGTERM
        boolean exited = watcher.waitFor(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!exited) {
          watcher.destroyForcibly();
        }
        System.out.println("WatcherEndToEndTest[" + mode + "]: SIGTERM -> exit in " + ms + " ms");
        assertTrue(exited && ms < 5000, "the watcher must exit promptly on SIGTERM: " + ms + " ms");
      }

      // the DaemonSet's new pod: its init container installs again
      InstallerCli again = InstallerCli.run(installArgs(host, good, tmp, mode));
      assertEquals(0, again.code(), again.log() + host.logTail(30));
      assertReady(taintMode, true);
      List<Event> installed = api.events("Installed");
      assertEquals(2, installed.size(), installed::toString);
      assertTrue(installed.stream().anyMatch(e -> e.getMessage().contains("containerd was restarted")), installed::toString);
      assertEquals(List.of(), api.events("AlreadyInstalled"));

      // containerd down with the config in place: the run restarts it, makes runsc live, and says so
      host.stop();
      List<String> reviveArgs = new ArrayList<>(installArgs(host, good, tmp, mode));
      reviveArgs.addAll(List.of("--containerd-version", series.seriesName())); // CRI cannot tell it while down
      InstallerCli revive = InstallerCli.run(reviveArgs);
      assertEquals(0, revive.code(), revive.log() + host.logTail(30));
      assertReady(taintMode, true);
      List<Event> revived = api.events("Installed");
      assertEquals(3, revived.size(), revived::toString);
      assertTrue(revived.stream().anyMatch(e -> e.getMessage().contains("containerd was restarted (containerd does"
          + " not answer on its socket")), revived::toString);
      assertEquals(List.of(), api.events("AlreadyInstalled"), "nothing was changed on disk, but runsc was not live");

      // a failed run on a ready node marks it not ready, and it stays so
      InstallerCli failed = InstallerCli.run(installArgs(host, bad, tmp, mode));
      assertEquals(6, failed.code(), failed.log());
      assertReady(taintMode, false);
      assertEquals(1, api.events("InstallFailed").size());
      assertEquals(List.of("other.io/keep:NoSchedule"), otherTaints(), "another controller's taint stays");
    }
  }

  private void resetNode(boolean taintMode) {
    api.resetNode(NODE);
    List<Taint> taints = new ArrayList<>(List.of(new TaintBuilder().withKey("other.io/keep").withEffect("NoSchedule")
        .build()));
    if (taintMode) {
      taints.add(new TaintBuilder().withKey(TAINT).withEffect("NoSchedule").build());
    }
    client.nodes().withName(NODE).edit(n -> new NodeBuilder(n).withNewSpec().withTaints(taints).endSpec().build());
    client.pods().inNamespace(NS).withName(POD).delete();
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(POD).withNamespace(NS)
        .endMetadata().withNewSpec().withNodeName(NODE).endSpec().build()).create();
  }

  private void assertReady(boolean taintMode, boolean ready) {
    assertEquals(ready ? Optional.of("ready") : Optional.empty(), api.label(NODE, MockApi.READY_LABEL));
    if (taintMode) {
      assertEquals(!ready, taints().contains(TAINT + ":NoSchedule"), taints()::toString);
    } else {
      assertFalse(taints().contains(TAINT + ":NoSchedule"), "label mode never taints: " + taints());
    }
  }

  private List<String> taints() {
    var spec = api.node(NODE).getSpec();
    return spec == null || spec.getTaints() == null ? List.of()
        : spec.getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  private List<String> otherTaints() {
    return taints().stream().filter(t -> !t.startsWith(TAINT)).toList();
  }

  /** The config install edited (state.json) loses runsc: the main config gets its original bytes, a drop-in goes. */
  private static void breakConfig(Al2023Host host, byte[] original) throws IOException {
    JsonNode state = new ObjectMapper().readTree(host.root().resolve("var/lib/gvisor-node-installer/state.json").toFile());
    String path = state.path("configPath").asText();
    Path file = host.root().resolve(path.substring(1));
    if (file.equals(host.configFile())) {
      Files.write(file, original);
    } else {
      Files.delete(file);
    }
  }

  private Process startWatcher(Al2023Host host, Path tmp, String mode, Path readyFile) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(watcherJvmFlags());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.gni.cli.Main", "watch",
        "--host-root", host.root().toString(), "--containerd-socket", "/run/containerd/containerd.sock",
        "--kubeconfig", api.kubeconfig(tmp).toString(), "--node-name", NODE, "--pod-name", POD,
        "--pod-namespace", NS, "--interval", "2", "--readiness", mode, "--ready-file", readyFile.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("watch.log").toFile()).start();
  }

  /** The watcher's JVM flags as the chart runs it (values.yaml watcher.jvmFlags). */
  static List<String> watcherJvmFlags() throws IOException {
    JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(
        Path.of("charts/gvisor-node-installer/values.yaml").toFile());
    List<String> flags = new ArrayList<>();
    values.path("watcher").path("jvmFlags").forEach(f -> flags.add(f.asText()));
    assertFalse(flags.isEmpty(), "values.yaml has watcher.jvmFlags");
    return flags;
  }

  private static List<String> installArgs(Al2023Host host, Path release, Path tmp, String mode) {
    return List.of("install", "--host-root", host.root().toString(), "--binaries-dir", release.toString(),
        "--restart", "command", "--restart-command", host.restartScript().toString(), "--host-exec", "direct",
        "--containerd-socket", "/run/containerd/containerd.sock", "--kubeconfig", tmp.resolve("kubeconfig").toString(),
        "--node-name", NODE, "--readiness", mode, "--runsc-flag", "platform=ptrace", "--runsc-flag", "network=none");
  }

  private static void awaitTrue(BooleanSupplier condition, String what, Path log) throws Exception {
    Instant end = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out waiting for " + what + "; watcher log:\n"
            + (Files.exists(log) ? Files.readString(log) : "(none)"));
      }
      Thread.sleep(200);
    }
  }

  private static java.util.logging.Logger quietMock() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
