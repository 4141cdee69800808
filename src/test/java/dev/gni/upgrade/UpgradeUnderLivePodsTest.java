package dev.gni.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.e2e.InstallerCli;
import dev.gni.e2e.MockApi;
import dev.gni.e2e.TestArtifacts;
import dev.gni.e2e.TestCriClient;
import dev.gni.testsupport.Al2023Host;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.Preconditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Upgrade and downgrade of the gVisor release under live gVisor pods, end to end on containerd 1.7 and 2.1:
 * two real releases (Debian bookworm's runsc 0.0~20221219 = A, trixie's 0.0~20240729 = B, {@link Releases}),
 * the real installer CLI, a real containerd on a fake EKS node ({@link Al2023Host}), pods run and probed by an
 * independent CRI client ({@link TestCriClient}). What is asserted is what was measured (docs/operations.md,
 * "Upgrades"):
 * <ul>
 *   <li>by default the switch is refused while a pod of the old release runs: exit 11, an UpgradeBlocked
 *       Event naming the pod, nothing changed, the node still labelled ready, the pod still served;</li>
 *   <li>with {@code --upgrade-running-pods}: the old pod keeps ExecSync, ContainerStats, StopPodSandbox and
 *       RemovePodSandbox (runsc.toml pins each container to its release's runsc); a container that starts
 *       in it fails (the measured limit); new pods run on the new release; the same for the downgrade;</li>
 *   <li>{@code status} lists the releases and their pods; a later run removes a release no pod uses;
 *       uninstall removes them all.</li>
 * </ul>
 * NEGATIVE CONTROL: a pod started without the pin (runsc.toml as the installer wrote it before) loses exec,
 * stats and stop after the switch, exactly as measured, so these assertions do catch the old behaviour.
 */
@Tag("e2e")
@EnableKubernetesMockClient(crud = true)
class UpgradeUnderLivePodsTest {
  static KubernetesClient client;
  private static final int EXIT_UPGRADE_BLOCKED = 11;
  private static final String OVERRIDE = "--upgrade-running-pods";

  private final MockApi api = new MockApi(client);

  @BeforeAll
  static void preconditions() {
    Al2023Host.require(Series.V1_7, Series.V2_1);
    Path bookworm = Releases.Which.BOOKWORM.runsc();
    Preconditions.require(Files.isExecutable(bookworm), bookworm + " missing (run .ci/install-deps.sh)");
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void upgradeAndDowngrade_underLivePods_blockedByDefault_podsKeepTheirReleaseWithOverride(Series series,
      @TempDir Path tmp) throws IOException {
    Path a = Releases.folder(Releases.Which.BOOKWORM, tmp.resolve("a"));
    Path b = Releases.folder(Releases.Which.TRIXIE, tmp.resolve("b"));
    api.resetNode(LiveNode.NODE);
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(TestArtifacts.busyboxImage());
      LiveNode node = new LiveNode(host, api, tmp);
      ok(node.installer("install", a), host);
      String idA = node.currentRelease();
      try (TestCriClient cri = node.cri()) {
        TestCriClient.RunningPod podA = node.startPod(cri, "pod-a");
        assertRunsFrom(podA, idA);

        // 1. default: refused, nothing changed, node still ready on A, the pod still served
        String dry = node.dryRun(b);
        assertTrue(dry.contains("install would stop here, exit 11: upgrade blocked:") && dry.contains("default/pod-a"), dry);
        InstallerCli blocked = node.installer("install", b);
        assertEquals(EXIT_UPGRADE_BLOCKED, blocked.code(), blocked.log());
        String error = blocked.log().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertTrue(error.startsWith("error: upgrade blocked: switching the node from gVisor release " + idA)
            && error.contains("default/pod-a (release " + idA + ")") && error.contains(OVERRIDE), error);
        List<Event> events = api.events("UpgradeBlocked");
        assertEquals(1, events.size(), () -> "events: " + events);
        assertTrue(events.get(0).getMessage().contains("default/pod-a"), events.get(0).getMessage());
        assertEquals(List.of(), api.events("InstallFailed"));
        assertEquals(Optional.of("ready"), api.label(LiveNode.NODE, MockApi.READY_LABEL));
        assertEquals(idA, node.currentRelease());
        assertFalse(node.hasRelease(Releases.idOf(b)), "nothing of B may be written while blocked");
        assertOk(LiveNode.exec(cri, podA));

        // 2. the operator overrides: the old pod keeps its release, new pods get B
        ok(node.installer("install", b, OVERRIDE), host);
        String idB = node.currentRelease();
        assertNotEquals(idA, idB);
        assertTrue(node.hasRelease(idA), "A stays while pod-a runs from it");
        assertOk(LiveNode.exec(cri, podA));
        assertOk(LiveNode.stats(cri, podA));
        assertFails(LiveNode.newContainer(cri, podA), "cannot create subcontainer"); // the measured limit
        TestCriClient.RunningPod podB = node.startPod(cri, "pod-b");
        assertRunsFrom(podB, idB);
        assertOk(LiveNode.exec(cri, podB));
        Map<String, Object> status = node.status();
        assertEquals(List.of(
            Map.of("id", idA, "current", false, "pods", List.of("default/pod-a")),
            Map.of("id", idB, "current", true, "pods", List.of("default/pod-b"))),
            sorted(status.get("releases")), status::toString);
        assertOk(LiveNode.stop(cri, podA));
        assertOk(LiveNode.remove(cri, podA));

        // 3. downgrade B -> A the same way
        assertEquals(EXIT_UPGRADE_BLOCKED, node.installer("install", a).code());
        ok(node.installer("install", a, OVERRIDE), host);
        assertEquals(idA, node.currentRelease());
        for (Outcome o : List.of(LiveNode.exec(cri, podB), LiveNode.stats(cri, podB), LiveNode.stop(cri, podB),
            LiveNode.remove(cri, podB))) {
          assertOk(o);
        }
        TestCriClient.RunningPod podA2 = node.startPod(cri, "pod-a2");
        assertRunsFrom(podA2, idA);
        assertOk(LiveNode.newContainer(cri, podA2)); // same release: a container restart works
        assertOk(LiveNode.stop(cri, podA2));
        assertOk(LiveNode.remove(cri, podA2));

        // 4. a later run removes B, which no process uses any more; uninstall removes every release
        ok(node.installer("install", a), host);
        assertFalse(node.hasRelease(idB), () -> "the unused release B must be garbage-collected; processes per release: "
            + dev.gni.binaries.ReleaseUsers.proc(Path.of("/proc")).byRelease("/opt/gvisor-node-installer/releases",
                host.root().resolve("opt/gvisor-node-installer/releases")));
        ok(node.installer("uninstall", a), host);
        assertFalse(Files.exists(host.root().resolve("opt/gvisor-node-installer")));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Series.class, names = {"V1_7", "V2_1"})
  void negativeControl_podWithoutPinnedRunsc_losesExecStatsAndStop_afterTheSwitch(Series series,
      @TempDir Path tmp) throws IOException {
    Path a = Releases.folder(Releases.Which.BOOKWORM, tmp.resolve("a"));
    Path b = Releases.folder(Releases.Which.TRIXIE, tmp.resolve("b"));
    api.resetNode(LiveNode.NODE);
    try (Al2023Host host = Al2023Host.create(series)) {
      host.start();
      host.importImage(TestArtifacts.busyboxImage());
      LiveNode node = new LiveNode(host, api, tmp);
      ok(node.installer("install", a), host);
      // runsc.toml as the installer wrote it before it pinned runsc: no binary_name (the shim uses PATH)
      Path toml = host.root().resolve("etc/containerd/runsc.toml");
      String pinned = Files.readString(toml);
      assertTrue(pinned.contains("binary_name = \"/opt/gvisor-node-installer/releases/"), pinned);
      Files.writeString(toml, pinned.lines().filter(l -> !l.startsWith("binary_name")).reduce("", (x, l) -> x + l + "\n"));
      try (TestCriClient cri = node.cri()) {
        TestCriClient.RunningPod podA = node.startPod(cri, "pod-a");
        assertOk(LiveNode.exec(cri, podA));
        ok(node.installer("install", b, OVERRIDE), host);
        assertFails(LiveNode.exec(cri, podA), "connecting to control server");
        assertFails(LiveNode.stats(cri, podA), "unexpected metrics response");
        assertFails(LiveNode.stop(cri, podA), "connecting to control server");
      }
    }
  }

  private static void ok(InstallerCli run, Al2023Host host) {
    assertEquals(0, run.code(), () -> run.log() + "\ncontainerd log:\n" + host.logTail(30));
  }

  private static void assertOk(Outcome o) {
    System.out.println("UpgradeUnderLivePodsTest: " + o);
    assertTrue(o.ok(), o::toString);
  }

  private static void assertFails(Outcome o, String expected) {
    System.out.println("UpgradeUnderLivePodsTest: " + o);
    assertFalse(o.ok(), () -> "expected to fail as measured: " + o);
    assertTrue(o.detail().contains(expected), () -> "expected '" + expected + "' in: " + o);
  }

  private static void assertRunsFrom(TestCriClient.RunningPod pod, String releaseId) {
    String exe = "/opt/gvisor-node-installer/releases/" + releaseId + "/runsc";
    assertEquals(java.util.Set.of(exe), SandboxProcesses.executables(pod.podId()));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sorted(Object releases) {
    return ((List<Map<String, Object>>) releases).stream()
        .sorted(java.util.Comparator.comparing(m -> String.valueOf(m.get("current")))).toList();
  }
}
