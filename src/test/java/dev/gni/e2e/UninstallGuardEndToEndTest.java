package dev.gni.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.Al2023Host;
import dev.gni.testsupport.ContainerdBinaries.Series;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uninstall under a REAL gVisor sandbox (containerd 2.1, Debian's runsc, the stand-in shim; see package-info):
 * with two gVisor pods running it refuses (exit 9, one line naming both pods, an UninstallBlocked Event,
 * config, label and containerd untouched); with the pods gone it uninstalls. On the way it measures the
 * sandbox's own memory (sentry + gofer RSS and PSS) for a pause-only pod and a busybox pod, the numbers
 * behind the chart's RuntimeClass overhead (docs/kubernetes.md). The Kubernetes API is the fabric8 CRUD mock.
 */
@Tag("e2e")
@EnableKubernetesMockClient(crud = true)
class UninstallGuardEndToEndTest {
  private static final java.util.logging.Logger MOCK_LOG = quiet();
  static KubernetesClient client;
  private static final String NODE = "e2e-node";
  private static final Duration T = Duration.ofSeconds(60);
  private final MockApi api = new MockApi(client);

  @BeforeAll
  static void preconditions() {
    Al2023Host.require(Series.V2_1);
  }

  @Test
  void gvisorPodsRunning_uninstallRefused_namingThem_hostUnchanged_thenDrained_uninstalls(@TempDir Path tmp)
      throws Exception {
    Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.STAND_IN);
    api.resetNode(NODE);
    try (Al2023Host host = Al2023Host.create(Series.V2_1)) {
      host.start();
      host.importImage(TestArtifacts.busyboxImage());
      byte[] original = Files.readAllBytes(host.configFile());
      InstallerCli install = InstallerCli.run(args("install", host, release, tmp));
      assertEquals(0, install.code(), install.log());
      byte[] installed = Files.readAllBytes(host.configFile());

      try (TestCriClient cri = new TestCriClient(host.socket(), T)) {
        String pause = cri.runPodSandbox(TestCriClient.podSandboxConfig("web-0", uuid(), logs(tmp)), "runsc");
        String busyboxPod = cri.runPodSandbox(TestCriClient.podSandboxConfig("busybox-0", uuid(), logs(tmp)),
            "runsc");
        String busybox = startSleeper(cri, busyboxPod, TestCriClient.podSandboxConfig("busybox-0", uuid(),
            logs(tmp)));
        Thread.sleep(3000); // let the sandboxes settle before sampling
        System.out.println("[overhead] pause-only gVisor pod: " + Overhead.of(List.of(pause)));
        System.out.println("[overhead] busybox (sleep) gVisor pod: " + Overhead.of(List.of(busyboxPod, busybox)));

        long pid = host.pid();
        InstallerCli blocked = InstallerCli.run(args("uninstall", host, release, tmp));
        assertEquals(9, blocked.code(), blocked.log());
        String error = blocked.log().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertEquals("error: uninstall blocked: 2 pods run in gVisor (runtime handler 'runsc') on this node:"
            + " default/busybox-0, default/web-0; drain the node (kubectl drain " + NODE + " --ignore-daemonsets)"
            + " or delete those pods, then retry; --force uninstalls anyway and strands them", error);
        List<Event> events = api.events("UninstallBlocked");
        assertEquals(1, events.size(), events::toString);
        assertEquals("Warning", events.get(0).getType());
        assertEquals(error.substring("error: ".length()), events.get(0).getMessage());
        assertArrayEquals(installed, Files.readAllBytes(host.configFile()), "config untouched");
        assertEquals(Optional.of("ready"), api.label(NODE, MockApi.READY_LABEL), "label untouched");
        assertEquals(pid, host.pid(), "containerd not restarted");
        assertTrue(Files.isSymbolicLink(host.root().resolve("usr/local/bin/runsc")), "binaries untouched");

        for (String pod : List.of(pause, busyboxPod)) { // what kubectl drain leads to
          cri.stopPodSandbox(pod);
          cri.removePodSandbox(pod);
        }
      }
      InstallerCli uninstall = InstallerCli.run(args("uninstall", host, release, tmp));
      assertEquals(0, uninstall.code(), uninstall.log());
      assertTrue(uninstall.lineOf("no pod runs with runtime handler 'runsc' on this node") >= 0, uninstall.log());
      assertArrayEquals(original, Files.readAllBytes(host.configFile()));
      assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL));
      assertEquals(1, api.events("Uninstalled").size());
    }
  }

  /** A busybox container running sleep in the pod; returns its id. */
  private static String startSleeper(TestCriClient cri, String podId, byte[] podConfig) {
    Pb namespaces = Pb.msg().varint(1, 2).varint(2, 1); // network NODE, pid CONTAINER
    Pb container = Pb.msg()
        .msg(1, Pb.msg().str(1, "sleeper"))
        .msg(2, Pb.msg().str(1, "localhost/local/busybox:1"))
        .strs(3, List.of("/bin/sleep", "600"))
        .str(11, "sleeper/0.log")
        .msg(15, Pb.msg().msg(2, Pb.msg().msg(3, namespaces)));
    String id = cri.createContainer(podId, container.bytes(), podConfig);
    cri.startContainer(id);
    return id;
  }

  private List<String> args(String command, Al2023Host host, Path release, Path tmp) {
    List<String> a = new ArrayList<>(List.of(command, "--host-root", host.root().toString(),
        "--binaries-dir", release.toString(),
        "--restart", "command", "--restart-command", host.restartScript().toString(), "--host-exec", "direct",
        "--containerd-socket", "/run/containerd/containerd.sock",
        "--kubeconfig", api.kubeconfig(tmp).toString(), "--node-name", NODE));
    if (command.equals("install")) {
      a.addAll(List.of("--runsc-flag", "platform=ptrace", "--runsc-flag", "network=none"));
    }
    return a;
  }

  private static Path logs(Path tmp) throws IOException {
    return Files.createDirectories(tmp.resolve("pods").resolve(uuid()));
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }

  /** Sentry (runsc-sandbox) and gofer (runsc-gofer) processes of these sandbox/container ids, from /proc. */
  record Overhead(int sentries, int gofers, long sentryRssKib, long goferRssKib, long sentryPssKib,
                  long goferPssKib) {
    static Overhead of(List<String> ids) throws IOException {
      int s = 0;
      int g = 0;
      long[] kib = new long[4];
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
          String cmd;
          try {
            cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          } catch (IOException gone) {
            continue;
          }
          String argv0 = cmd.split("\0", 2)[0];
          boolean sentry = argv0.endsWith("runsc-sandbox");
          boolean gofer = argv0.endsWith("runsc-gofer");
          if (!(sentry || gofer) || ids.stream().noneMatch(cmd::contains)) {
            continue;
          }
          long rss = field(p.resolve("status"), "VmRSS:");
          long pss = field(p.resolve("smaps_rollup"), "Pss:");
          int i = sentry ? 0 : 1;
          kib[i] += rss;
          kib[i + 2] += pss;
          if (sentry) {
            s++;
          } else {
            g++;
          }
        }
      }
      assertTrue(s >= 1 && g >= 1, "no sentry/gofer found for " + ids);
      return new Overhead(s, g, kib[0], kib[1], kib[2], kib[3]);
    }

    private static long field(Path file, String name) {
      try {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(name))
            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
      } catch (IOException e) {
        return 0;
      }
    }

    @Override
    public String toString() {
      return sentries + " sentry + " + gofers + " gofer: RSS " + sentryRssKib + " + " + goferRssKib + " = "
          + (sentryRssKib + goferRssKib) + " KiB, PSS " + sentryPssKib + " + " + goferPssKib + " = "
          + (sentryPssKib + goferPssKib) + " KiB";
    }
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
