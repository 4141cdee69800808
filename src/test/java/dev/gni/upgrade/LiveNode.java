package dev.gni.upgrade;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gni.cli.Main;
import dev.gni.e2e.InstallerCli;
import dev.gni.e2e.MockApi;
import dev.gni.e2e.TestCriClient;
import dev.gni.testsupport.Al2023Host;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TEST ONLY: one e2e node ({@link Al2023Host}: a real containerd on a fake EKS host root) with the installer CLI
 * and an independent CRI client: install a release folder, start a long-running gVisor pod, and try on a pod
 * what kubelet does to it (ExecSync, ContainerStats, StopPodSandbox, RemovePodSandbox).
 */
final class LiveNode {
  static final String HANDLER = "runsc";
  static final String NODE = "upgrade-node";
  private static final String IMAGE = "localhost/local/busybox:1";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

  private final Al2023Host host;
  private final MockApi api;
  private final Path tmp;

  LiveNode(Al2023Host host, MockApi api, Path tmp) {
    this.host = host;
    this.api = api;
    this.tmp = tmp;
  }

  Al2023Host host() {
    return host;
  }

  /** Runs the installer CLI: {@code command} with the release folder and any extra flags. */
  InstallerCli installer(String command, Path release, String... extra) {
    List<String> a = new ArrayList<>(List.of(command,
        "--host-root", host.root().toString(),
        "--binaries-dir", release.toString(),
        "--restart", "command", "--restart-command", host.restartScript().toString(),
        "--host-exec", "direct",
        "--containerd-socket", "/run/containerd/containerd.sock",
        "--kubeconfig", api.kubeconfig(tmp).toString(),
        "--node-name", NODE));
    if (command.equals("install")) {
      a.addAll(List.of("--runsc-flag", "platform=ptrace", "--runsc-flag", "network=none"));
    }
    a.addAll(List.of(extra));
    return InstallerCli.run(a);
  }

  /** {@code install --dry-run} of a release: what it prints (the plan, and whether install would be refused). */
  String dryRun(Path release) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(List.of("install", "--dry-run", "--host-root", host.root().toString(),
        "--binaries-dir", release.toString(), "--restart", "none", "--host-exec", "direct",
        "--containerd-socket", "/run/containerd/containerd.sock", "--no-node-label",
        "--runsc-flag", "platform=ptrace", "--runsc-flag", "network=none"), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    if (code != 0) {
      throw new IllegalStateException("install --dry-run exited " + code + ": " + out);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code status --output json}, parsed. */
  Map<String, Object> status() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(List.of("status", "--output", "json", "--host-root", host.root().toString(),
        "--containerd-socket", "/run/containerd/containerd.sock", "--no-node-label"), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    if (code != 0) {
      throw new IllegalStateException("status exited " + code + ": " + out);
    }
    try {
      return new ObjectMapper().readValue(out.toByteArray(), new TypeReference<Map<String, Object>>() { });
    } catch (java.io.IOException e) {
      throw new IllegalStateException("status printed no JSON: " + out, e);
    }
  }

  /** The release folder {@code current} points at on the host root. */
  String currentRelease() {
    try {
      String t = Files.readSymbolicLink(host.root().resolve("opt/gvisor-node-installer/current")).toString();
      return t.substring(t.lastIndexOf('/') + 1);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no current release: " + e.getMessage(), e);
    }
  }

  /** Whether the release folder is on the host root. */
  boolean hasRelease(String id) {
    return Files.isDirectory(host.root().resolve("opt/gvisor-node-installer/releases/" + id));
  }

  TestCriClient cri() {
    return new TestCriClient(host.socket(), CALL_TIMEOUT);
  }

  /** A gVisor pod whose one container sleeps; returns once the container runs. */
  TestCriClient.RunningPod startPod(TestCriClient cri, String name) {
    return cri.startPod(name, HANDLER, tmp.resolve("pods"), IMAGE, List.of("/bin/sleep", "3600"));
  }

  /** ExecSync of {@code echo alive} in the pod's container. */
  static Outcome exec(TestCriClient cri, TestCriClient.RunningPod pod) {
    return Outcome.of("ExecSync", () -> {
      TestCriClient.ExecResult r = cri.execSync(pod.containerId(), List.of("/bin/sh", "-c", "echo alive"),
          Duration.ofSeconds(60));
      if (r.exitCode() != 0 || !r.stdout().contains("alive")) {
        throw new IllegalStateException("exit " + r.exitCode() + ", stdout '" + r.stdout().strip() + "', stderr '"
            + r.stderr().strip() + "'");
      }
      return "exit 0, stdout 'alive'";
    });
  }

  static Outcome stats(TestCriClient cri, TestCriClient.RunningPod pod) {
    return Outcome.of("ContainerStats", () -> {
      TestCriClient.Stats s = cri.containerStats(pod.containerId());
      if (s.cpuNanos() == 0 && s.workingSetBytes() == 0) {
        throw new IllegalStateException("stats are empty (cpu 0 ns, working set 0 bytes)");
      }
      return "cpu " + s.cpuNanos() + " ns, working set " + s.workingSetBytes() + " bytes";
    });
  }

  static Outcome stop(TestCriClient cri, TestCriClient.RunningPod pod) {
    return Outcome.of("StopPodSandbox", () -> {
      cri.stopPodSandbox(pod.podId());
      long state = cri.podState(pod.podId());
      if (state != 1) {
        throw new IllegalStateException("pod state after stop is " + state + ", not SANDBOX_NOTREADY (1)");
      }
      List<String> left = List.copyOf(SandboxProcesses.executables(pod.podId()));
      if (!left.isEmpty()) {
        throw new IllegalStateException("stopped, but sandbox processes still run: " + left);
      }
      return "pod NOTREADY, no sandbox process left";
    });
  }

  static Outcome remove(TestCriClient cri, TestCriClient.RunningPod pod) {
    return Outcome.of("RemovePodSandbox", () -> {
      cri.removePodSandbox(pod.podId());
      long state = cri.podState(pod.podId());
      if (state != -1) {
        throw new IllegalStateException("CRI still knows the pod (state " + state + ")");
      }
      return "CRI no longer knows the pod";
    });
  }

  /** A second container started in the running pod (what a container restart does); it must run. */
  static Outcome newContainer(TestCriClient cri, TestCriClient.RunningPod pod) {
    return Outcome.of("CreateContainer+StartContainer in the pod", () -> {
      String id = cri.startContainer(pod.podId(), pod.podConfig(), "second", IMAGE, List.of("/bin/sleep", "3600"));
      TestCriClient.ExecResult r = cri.execSync(id, List.of("/bin/sh", "-c", "echo second"), Duration.ofSeconds(60));
      if (r.exitCode() != 0 || !r.stdout().contains("second")) {
        throw new IllegalStateException("started, but exec in it: exit " + r.exitCode() + ", '" + r.stderr().strip() + "'");
      }
      return "runs, exec in it works";
    });
  }

  /** All of them, in kubelet's order for a pod that is used, gets a restarted container, and is deleted. */
  static List<Outcome> probeAndDelete(TestCriClient cri, TestCriClient.RunningPod pod) {
    return List.of(exec(cri, pod), stats(cri, pod), newContainer(cri, pod), stop(cri, pod), remove(cri, pod));
  }
}
