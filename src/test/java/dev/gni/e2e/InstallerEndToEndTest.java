package dev.gni.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.Al2023Host;
import dev.gni.testsupport.ContainerdBinaries.Series;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The installer end to end, on containerd 1.7 (config v2) and 2.1 (config v3): a REAL containerd runs an
 * EKS AL2023-shaped host root ({@link Al2023Host}); the REAL installer CLI installs Debian's runsc and the
 * stand-in shim ({@link TestArtifacts}), restarts that containerd through the host's restart script, proves
 * the runtime live, runs its canary pod sandbox in gVisor and labels the node. Then an independent CRI client
 * ({@link TestCriClient}) runs a pod whose {@code dmesg} must say {@code Starting gVisor}, and uninstall must
 * remove the label first and put containerd back exactly as it was.
 *
 * <p>The one mock: the Kubernetes API is fabric8's kubernetes-server-mock in CRUD mode ({@link MockApi}),
 * because no real API server exists here. Negative controls: a do-nothing shim (the canary fails, exit 6, no
 * label, an InstallFailed Event with CRI's error text), and a shim linked outside containerd's PATH (a
 * one-line error naming that PATH).
 */
@Tag("e2e")
@EnableKubernetesMockClient(crud = true)
class InstallerEndToEndTest {
  private static final java.util.logging.Logger MOCK_LOG = quietMock();
  static KubernetesClient client;

  private static final String NODE = "e2e-node";
  private static final String HANDLER = "runsc";
  private static final String IMAGE = "localhost/local/busybox:1";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final int EXIT_CANARY_FAILED = 6;

  private final MockApi api = new MockApi(client);

  @BeforeAll
  static void preconditions() {
    Al2023Host.require(Series.V1_7, Series.V2_1);
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void install_canaryLabelsNode_podRunsInGvisor_uninstallRestoresContainerd(Series series,
      @TempDir Path tmp) throws IOException {
    Timings t = new Timings("InstallerEndToEndTest[containerd " + series.seriesName() + "]");
    Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.STAND_IN);
    Path image = TestArtifacts.busyboxImage();
    t.lap("artifacts (shim build cached)");
    api.resetNode(NODE);
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(image);
      byte[] original = Files.readAllBytes(host.configFile());
      long pidBefore = host.pid();
      t.lap("host root + containerd + image");

      InstallerCli install = InstallerCli.run(args("install", host, release, tmp, List.of()));
      t.lap("install (" + install.millis() + " ms in the CLI)");
      String why = install.log() + "\ncontainerd log:\n" + host.logTail(30);
      assertEquals(0, install.code(), why);
      assertNotEquals(pidBefore, host.pid(), "the installer must have restarted containerd");
      assertTrue(install.lineOf("canary: a pod sandbox ran in gVisor with handler 'runsc'") >= 0, why);
      assertEquals(Optional.of("ready"), api.label(NODE, MockApi.READY_LABEL));
      Map<String, String> ann = api.annotations(NODE);
      assertTrue(ann.getOrDefault("gvisor.dev/canary-duration", "").matches("\\d+ms"), ann::toString);
      assertEquals(HANDLER, ann.get("gvisor.dev/runtime-handler"), ann::toString);
      assertTrue(ann.containsKey("gvisor.dev/gvisor-version") && ann.containsKey("gvisor.dev/config-sha256"),
          ann::toString);
      assertEquals(1, api.events("Installed").size(), () -> "events: " + api.events("Installed"));
      assertEquals(List.of(), api.events("InstallFailed"));
      assertEquals("", containers(host), "the canary must leave no sandbox behind");

      TestCriClient.ProbeResult probe;
      try (TestCriClient cri = new TestCriClient(host.socket(), CALL_TIMEOUT)) {
        probe = cri.runProbePod(HANDLER, tmp.resolve("pods"), IMAGE,
            List.of("/bin/sh", "-c", "dmesg; echo kernel=$(uname -r)"), CALL_TIMEOUT);
      }
      t.lap("independent pod + container (" + probe.took().toMillis() + " ms)");
      String podWhy = "container log:\n" + probe.log() + "\ncontainerd log:\n" + host.logTail(30);
      assertEquals(0, probe.exitCode(), podWhy);
      assertTrue(probe.log().contains("Starting gVisor"), podWhy);
      assertTrue(probe.log().contains("kernel=4.4.0"), podWhy); // gVisor's kernel, not the host's

      long pidInstalled = host.pid();
      InstallerCli uninstall = InstallerCli.run(args("uninstall", host, release, tmp, List.of()));
      t.lap("uninstall (" + uninstall.millis() + " ms in the CLI)");
      String uwhy = uninstall.log() + "\ncontainerd log:\n" + host.logTail(30);
      assertEquals(0, uninstall.code(), uwhy);
      int labelGone = uninstall.lineOf("node label removed");
      int restart = uninstall.lineOf("restarting containerd");
      assertTrue(labelGone >= 0 && restart > labelGone, "label must be removed before the restart:\n" + uwhy);
      assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL));
      assertFalse(api.annotations(NODE).keySet().stream().anyMatch(k -> k.startsWith("gvisor.dev/")),
          () -> api.annotations(NODE).toString());
      assertArrayEquals(original, Files.readAllBytes(host.configFile()), "config must be byte-identical");
      assertNotEquals(pidInstalled, host.pid(), "uninstall must have restarted containerd");
      try (TestCriClient cri = new TestCriClient(host.socket(), CALL_TIMEOUT)) {
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class,
            () -> cri.runProbePod(HANDLER, tmp.resolve("pods"), IMAGE, List.of("/bin/true"), CALL_TIMEOUT));
        String desc = String.valueOf(gone.getStatus().getDescription());
        assertTrue(desc.contains("no runtime for \"runsc\""), "the live daemon must not know runsc: " + desc);
      }
      t.lap("checks after uninstall");
    }
    t.lap("teardown");
    t.print();
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void doNothingShim_canaryFails_exit6_noLabel_installFailedEventWithCriText(Series series,
      @TempDir Path tmp) throws IOException {
    Timings t = new Timings("InstallerEndToEndTest[containerd " + series.seriesName() + ", do-nothing shim]");
    Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.DO_NOTHING);
    Path image = TestArtifacts.busyboxImage();
    api.resetNode(NODE);
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(image);
      byte[] original = Files.readAllBytes(host.configFile());
      t.lap("host root + containerd + image");

      InstallerCli install = InstallerCli.run(args("install", host, release, tmp, List.of()));
      t.lap("install (" + install.millis() + " ms in the CLI)");
      String why = install.log() + "\ncontainerd log:\n" + host.logTail(30);
      assertEquals(EXIT_CANARY_FAILED, install.code(), why);
      assertTrue(install.lineOf("live check: containerd serves runtime 'runsc'") >= 0, "live check first:\n" + why);
      assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL), "no label after a failed canary");
      assertFalse(api.annotations(NODE).containsKey("gvisor.dev/canary-duration"));
      List<Event> failed = api.events("InstallFailed");
      assertEquals(1, failed.size(), () -> "events: " + failed);
      String msg = failed.get(0).getMessage();
      // CRI's own text: containerd's words for a shim that exits without serving
      assertTrue(msg.contains("canary pod sandbox with runtime handler 'runsc' failed:")
          && msg.contains("failed to start shim"), msg);
      assertEquals(List.of(), api.events("Installed"));
      assertNotEquals(new String(original, StandardCharsets.UTF_8), Files.readString(host.configFile()),
          "the runtime entry stays after a failed canary (it is right; the shim is not)");
      assertEquals("", containers(host), "the failed canary must leave no sandbox behind");
      System.out.println(t.name() + ": InstallFailed Event: " + msg);
    }
    t.lap("teardown");
    t.print();
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void shimOutsideContainerdsPath_errorNamesThatPath(Series series, @TempDir Path tmp)
      throws IOException {
    Timings t = new Timings("InstallerEndToEndTest[containerd " + series.seriesName() + ", shim off PATH]");
    Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.STAND_IN);
    Path image = TestArtifacts.busyboxImage();
    api.resetNode(NODE);
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(image);
      String daemonPath = environ(host.pid(), "PATH");
      assertFalse(daemonPath.isEmpty() || daemonPath.contains("/opt/gvisor/bin"), daemonPath);
      t.lap("host root + containerd + image");

      InstallerCli install = InstallerCli.run(args("install", host, release, tmp,
          List.of("--install-dir", "/opt/gvisor/bin")));
      t.lap("install (" + install.millis() + " ms in the CLI)");
      String why = install.log() + "\ncontainerd log:\n" + host.logTail(30);
      assertEquals(EXIT_CANARY_FAILED, install.code(), why);
      assertTrue(Files.isSymbolicLink(host.root().resolve("opt/gvisor/bin/containerd-shim-runsc-v1")), why);
      String error = install.log().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
      String expected = "error: containerd cannot find containerd-shim-runsc-v1: its PATH is " + daemonPath
          + ", which does not include /opt/gvisor/bin where the shim was linked; add it to containerd's unit"
          + " (Environment=PATH=...) or pass --install-dir";
      assertTrue(error.startsWith(expected), "expected\n  " + expected + "...\ngot\n  " + error + "\n" + why);
      assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL));
      List<Event> failed = api.events("InstallFailed");
      assertEquals(1, failed.size(), () -> "events: " + failed);
      String event = failed.get(0).getMessage();
      assertTrue(event.contains(expected.substring("error: ".length())) && event.contains("binary not installed"),
          "the Event carries the explanation and CRI's own text: " + event);
      System.out.println(t.name() + ": " + error);
    }
    t.lap("teardown");
    t.print();
  }

  private List<String> args(String command, Al2023Host host, Path release, Path tmp, List<String> extra) {
    List<String> a = new ArrayList<>(List.of(command,
        "--host-root", host.root().toString(),
        "--binaries-dir", release.toString(),
        "--restart", "command", "--restart-command", host.restartScript().toString(),
        "--host-exec", "direct",
        "--containerd-socket", "/run/containerd/containerd.sock", // the node path, under --host-root
        "--kubeconfig", api.kubeconfig(tmp).toString(),
        "--node-name", NODE));
    if (command.equals("install")) {
      a.addAll(List.of("--runsc-flag", "platform=ptrace", "--runsc-flag", "network=none"));
    }
    a.addAll(extra);
    return a;
  }

  /** The containers (sandboxes included) in containerd's k8s.io namespace, one ID a line (ctr's stdout). */
  private static String containers(Al2023Host host) throws IOException {
    Process p = new ProcessBuilder(host.ctr().toString(), "--address", host.socket().toString(), "-n", "k8s.io",
        "containers", "ls", "-q").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ctr containers ls did not finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertEquals(0, p.exitValue(), "ctr containers ls failed: " + out);
    return out.strip();
  }

  /** One variable of a process's environment, read by the test from /proc (independently of the installer). */
  private static String environ(long pid, String name) throws IOException {
    for (String e : Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
      if (e.startsWith(name + "=")) {
        return e.substring(name.length() + 1);
      }
    }
    return "";
  }

  private static java.util.logging.Logger quietMock() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  /** Wall-clock laps of one test, printed at its end. */
  private static final class Timings {
    private final String name;
    private final List<String> laps = new ArrayList<>();
    private final long start = System.nanoTime();
    private long last = start;

    Timings(String name) {
      this.name = name;
    }

    String name() {
      return name;
    }

    void lap(String what) {
      long now = System.nanoTime();
      laps.add(what + " " + (now - last) / 1_000_000 + " ms");
      last = now;
    }

    void print() {
      System.out.println(name + ": " + String.join(", ", laps) + "; total " + (last - start) / 1_000_000 + " ms");
    }
  }
}
