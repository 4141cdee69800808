package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.config.CommandLine;
import dev.gni.containerd.ContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.CanaryFailedException;
import dev.gni.containerd.cri.LiveView;
import dev.gni.host.BootId;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import dev.gni.kube.NodeEvent;
import dev.gni.kube.NodeReporter;
import dev.gni.testsupport.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary as the gate before the label, in {@link InstallFlow}: on by default, {@code --canary=false},
 * {@code --canary-timeout}, the duration annotation, and on failure no label, an InstallFailed Event with
 * CRI's text, and the config kept. Real host root (the demo host) and Debian's runsc; the daemon's answers
 * ({@link LiveView}), the canary and the API are stand-ins here: InstallerEndToEndTest runs the real ones.
 */
class CanaryGateTest {
  @TempDir
  Path tmp;
  Path host;
  Path release;
  final List<Duration> canaryCalls = new ArrayList<>();
  final List<Map<String, String>> labelled = new ArrayList<>();
  final List<String> events = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    host = TestHosts.demoHost(tmp);
    release = TestHosts.release(tmp);
  }

  @Test
  void onByDefault_durationAnnotated_thenLabelled() {
    install(timeout -> Duration.ofMillis(1234), "--canary-timeout", "17");

    assertEquals(List.of(Duration.ofSeconds(17)), canaryCalls);
    assertEquals(1, labelled.size());
    assertEquals("1234ms", labelled.get(0).get("canary-duration"));
    assertEquals(List.of("Installed"), events.stream().map(e -> e.split(":")[0]).toList());
  }

  @Test
  void canaryFalse_skipsTheCanary_andLabelsWithoutDuration() {
    install(timeout -> {
      throw new AssertionError("the canary must not run with --canary=false");
    }, "--canary=false");

    assertEquals(1, labelled.size());
    assertFalse(labelled.get(0).containsKey("canary-duration"));
  }

  @Test
  void failure_noLabel_installFailedEventWithCriText_configKept() throws Exception {
    String cri = "canary pod sandbox with runtime handler 'runsc' failed: UNKNOWN: failed to start shim: boom";

    CanaryFailedException e = assertThrows(CanaryFailedException.class, () -> install(timeout -> {
      throw new CanaryFailedException(cri);
    }));

    assertEquals(cri, e.getMessage());
    assertEquals(List.of(), labelled);
    assertEquals(List.of("InstallFailed: gVisor install failed: " + cri), events);
    assertTrue(Files.readString(host.resolve("etc/containerd/config.toml")).contains("runtimes.runsc]"),
        "the runtime entry stays: it is right, the sandbox is not");
  }

  @Test
  void refusedConfig_isAnInstallFailedEventOnTheNode_withTheCause() throws Exception {
    Files.writeString(host.resolve("etc/containerd/config.toml"), "version = 2\n[grpc\n");

    RuntimeException e = assertThrows(RuntimeException.class, () -> install(timeout -> {
      throw new AssertionError("no canary for a refused config");
    }));

    assertTrue(e.getMessage().contains("is not valid TOML"), e.getMessage());
    assertEquals(List.of(), labelled);
    assertEquals(List.of("InstallFailed: gVisor install failed: " + e.getMessage()), events);
  }

  @Test
  void dryRunThatIsRefused_recordsNoEvent() throws Exception {
    Files.writeString(host.resolve("etc/containerd/config.toml"), "version = 2\n[grpc\n");

    assertThrows(RuntimeException.class, () -> install(timeout -> Duration.ZERO, "--dry-run"));

    assertEquals(List.of(), events);
  }

  @Test
  void aRunThatChangesNothing_skipsTheCanaryThisBootAlreadyPassed() throws Exception {
    install(timeout -> Duration.ofMillis(1500));
    install(timeout -> {
      throw new AssertionError("a no-op on a proven node must not run the canary");
    });

    assertEquals(1, canaryCalls.size());
    assertEquals(2, labelled.size());
    assertFalse(labelled.get(1).containsKey("canary-duration"), "no canary ran, so no duration is claimed");
    assertEquals(List.of("Installed", "AlreadyInstalled"), events.stream().map(e -> e.split(":")[0]).toList());
    String proof = Files.readString(host.resolve("var/lib/gvisor-node-installer/canary-proof"));
    assertTrue(proof.startsWith("boot " + BootId.kernel().current().orElseThrow() + "\nrelease "), proof);
    assertTrue(proof.contains("\ncontainerd v1.7.24\n"), proof);
  }

  @Test
  void aNewBoot_canaryEveryRun_orOtherRunscFlags_runTheCanaryAgain() {
    install(() -> Optional.of("boot-1"), timeout -> Duration.ZERO);
    install(() -> Optional.of("boot-2"), timeout -> Duration.ZERO); // rebooted: prove it again
    install(() -> Optional.of("boot-2"), timeout -> Duration.ZERO); // proven on this boot
    assertEquals(2, canaryCalls.size());

    install(() -> Optional.of("boot-2"), timeout -> Duration.ZERO, "--canary-every-run");
    assertEquals(3, canaryCalls.size());
    install(() -> Optional.of("boot-2"), timeout -> Duration.ZERO, "--runsc-flag", "debug=true");
    assertEquals(4, canaryCalls.size());
    install(() -> Optional.empty(), timeout -> Duration.ZERO); // boot unknown: nothing to compare with
    assertEquals(5, canaryCalls.size());
  }

  @Test
  void aFailedCanary_clearsTheProof_soTheNextNoOpRunsItAgain() {
    install(timeout -> Duration.ZERO);
    assertThrows(CanaryFailedException.class, () -> install(timeout -> {
      throw new CanaryFailedException("sandbox failed");
    }, "--canary-every-run"));
    assertFalse(Files.exists(host.resolve("var/lib/gvisor-node-installer/canary-proof")));

    install(timeout -> Duration.ZERO);
    assertEquals(3, canaryCalls.size());
  }

  private void install(FakeCanary canary, String... extra) {
    install(BootId.kernel(), canary, extra);
  }

  private void install(BootId boot, FakeCanary canary, String... extra) {
    List<String> args = new ArrayList<>(List.of("install", "--host-root", host.toString(), "--binaries-dir",
        release.toString(), "--restart", "none", "--no-node-label", "--host-exec", "direct",
        "--containerd-version", "1.7"));
    args.addAll(List.of(extra));
    FakeCanary recording = timeout -> {
      canaryCalls.add(timeout);
      return canary.run(timeout);
    };
    Node node = new Node(new LocalHostFiles(new HostRoot(host)), new ProcessHostExec(ProcessHostExec.Mode.DIRECT),
        Restarter.NONE, LIVE_WITH_RUNSC, (handler, timeout) -> recording.run(timeout), reporter(), Checkpoints.NONE,
        new PrintStream(new ByteArrayOutputStream()), boot);
    new InstallFlow(CommandLine.parse(args, Map.of()), node).run();
  }

  /** A canary stand-in that sees only the timeout. */
  private interface FakeCanary {
    Duration run(Duration timeout);
  }

  private static final ContainerdHealth LIVE_WITH_RUNSC = new ContainerdHealth() {
    @Override
    public boolean awaitServing(Duration timeout) {
      return true;
    }

    @Override
    public LiveView live() {
      return new LiveView(true, true, Map.of("runc", "io.containerd.runc.v2", "runsc", "io.containerd.runsc.v1"),
          Optional.of("v1.7.24"), Optional.empty());
    }

    @Override
    public java.util.List<dev.gni.containerd.cri.SandboxInfo> sandboxes(Duration deadline) {
      return java.util.List.of(); // install never lists sandboxes
    }
  };

  private NodeReporter reporter() {
    return new NodeReporter() {
      @Override
      public void markReady(Map<String, String> annotations) {
        labelled.add(annotations);
      }

      @Override
      public boolean markNotReady() {
        return false;
      }

      @Override
      public boolean clearReady() {
        return false;
      }

      @Override
      public void event(NodeEvent event, String message) {
        events.add(event.reason() + ": " + message);
      }
    };
  }
}
