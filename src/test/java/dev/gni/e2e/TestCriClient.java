package dev.gni.e2e;

import dev.gni.testsupport.RawBytes;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: a minimal, independent CRI client (k8s.io/cri-api {@code runtime.v1.RuntimeService}) over
 * containerd's unix socket, with hand-written protobuf messages ({@link Pb}); field numbers are those of
 * k8s.io/cri-api pkg/apis/runtime/v1/api.proto, commented at each use. It shares no code with the
 * product's CRI client, so the e2e check does not trust what it tests.
 *
 * <p>{@link #runProbePod} runs one host-network pod with one container through a runtime handler and
 * returns the container's exit code and its log (read from the CRI log file).
 */
public final class TestCriClient implements AutoCloseable {
  private static final String SERVICE = "runtime.v1.RuntimeService";
  private static final long NAMESPACE_MODE_CONTAINER = 1; // enum NamespaceMode { POD=0; CONTAINER=1; NODE=2; TARGET=3 }
  private static final long NAMESPACE_MODE_NODE = 2;
  private static final long CONTAINER_EXITED = 2; // enum ContainerState { CREATED=0; RUNNING=1; EXITED=2; UNKNOWN=3 }

  private final ManagedChannel channel;
  private final Duration callTimeout;

  public TestCriClient(Path socket, Duration callTimeout) {
    this.channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    this.callTimeout = callTimeout;
  }

  /** VersionResponse.runtime_version (3), e.g. "v1.7.24" / "v2.1.9". */
  public String runtimeVersion() {
    // VersionRequest { string version = 1; }
    return call("Version", Pb.msg().str(1, "v1")).str(3);
  }

  /** Runs a pod sandbox; returns RunPodSandboxResponse.pod_sandbox_id (1). */
  public String runPodSandbox(byte[] podSandboxConfig, String runtimeHandler) {
    // RunPodSandboxRequest { PodSandboxConfig config = 1; string runtime_handler = 2; }
    return call("RunPodSandbox", Pb.msg().raw(1, podSandboxConfig).str(2, runtimeHandler)).str(1);
  }

  public void stopPodSandbox(String podId) {
    call("StopPodSandbox", Pb.msg().str(1, podId)); // StopPodSandboxRequest { string pod_sandbox_id = 1; }
  }

  public void removePodSandbox(String podId) {
    call("RemovePodSandbox", Pb.msg().str(1, podId)); // RemovePodSandboxRequest { string pod_sandbox_id = 1; }
  }

  /** Returns CreateContainerResponse.container_id (1). */
  public String createContainer(String podId, byte[] containerConfig, byte[] podSandboxConfig) {
    // CreateContainerRequest { string pod_sandbox_id = 1; ContainerConfig config = 2; PodSandboxConfig sandbox_config = 3; }
    return call("CreateContainer", Pb.msg().str(1, podId).raw(2, containerConfig).raw(3, podSandboxConfig))
        .str(1);
  }

  public void startContainer(String containerId) {
    call("StartContainer", Pb.msg().str(1, containerId)); // StartContainerRequest { string container_id = 1; }
  }

  /** The state, exit code, reason and message of a container. */
  public record ContainerState(long state, long exitCode, String reason, String message, String logPath) {
    public boolean exited() {
      return state == CONTAINER_EXITED;
    }
  }

  public ContainerState containerStatus(String containerId) {
    // ContainerStatusRequest { string container_id = 1; bool verbose = 2; }
    // ContainerStatusResponse { ContainerStatus status = 1; map<string,string> info = 2; }
    // ContainerStatus { ... ContainerState state = 3; ... int32 exit_code = 7; ... string reason = 10;
    //                   string message = 11; ... string log_path = 15; }
    Pb.Parsed s = call("ContainerStatus", Pb.msg().str(1, containerId)).msg(1);
    return new ContainerState(s.varint(3), s.varint(7), s.str(10), s.str(11), s.str(15));
  }

  /** What a probe pod produced. */
  public record ProbeResult(String podId, String containerId, long exitCode, String log, Duration took) {
  }

  /**
   * Runs a host-network pod with handler {@code runtimeHandler}, and in it one container of
   * {@code image} running {@code command}; waits for the container to exit; returns its exit code and
   * the message text of its CRI log file (under {@code logDir}). The pod is stopped and removed after.
   * Throws {@link StatusRuntimeException} with CRI's own error when a call fails (e.g. the sandbox).
   */
  public ProbeResult runProbePod(String runtimeHandler, Path logDir, String image, List<String> command,
                                 Duration timeout) {
    long t0 = System.nanoTime();
    String uid = UUID.randomUUID().toString();
    Path podLogDir = logDir.resolve("gni-e2e-probe_" + uid);
    try {
      Files.createDirectories(podLogDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] podConfig = podSandboxConfig("gni-e2e-probe", uid, podLogDir);
    String podId = runPodSandbox(podConfig, runtimeHandler);
    try {
      // ContainerConfig { ContainerMetadata metadata = 1; ImageSpec image = 2; repeated string command = 3;
      //   repeated string args = 4; ... string log_path = 11; ... LinuxContainerConfig linux = 15; }
      // ContainerMetadata { string name = 1; uint32 attempt = 2; }   ImageSpec { string image = 1; }
      // LinuxContainerConfig { LinuxContainerResources resources = 1; LinuxContainerSecurityContext security_context = 2; }
      // LinuxContainerSecurityContext { ... NamespaceOption namespace_options = 3; ... }
      Pb container = Pb.msg()
          .msg(1, Pb.msg().str(1, "probe"))
          .msg(2, Pb.msg().str(1, image))
          .strs(3, command)
          .str(11, "probe/0.log")
          .msg(15, Pb.msg().msg(2, Pb.msg().msg(3, hostNetworkNamespaces())));
      String containerId = createContainer(podId, container.bytes(), podConfig);
      startContainer(containerId);
      long deadline = System.nanoTime() + timeout.toNanos();
      ContainerState st = containerStatus(containerId);
      while (!st.exited()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("container " + containerId + " did not exit within " + timeout
              + " (state " + st.state() + ")");
        }
        sleep(100);
        st = containerStatus(containerId);
      }
      String log = readCriLog(podLogDir.resolve("probe/0.log"));
      return new ProbeResult(podId, containerId, st.exitCode(), log, Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      try {
        stopPodSandbox(podId);
        removePodSandbox(podId);
      } catch (StatusRuntimeException e) {
        System.err.println("TestCriClient: cleanup of pod " + podId + " failed: " + e.getStatus());
      }
    }
  }

  /** A pod left running: its sandbox, one running container, and the config both were made with. */
  public record RunningPod(String podId, String containerId, byte[] podConfig) {
  }

  /**
   * Runs a host-network pod with handler {@code runtimeHandler} and in it one container of {@code image}
   * running {@code command} (a long-running one, e.g. {@code sleep 3600}), and leaves both running: the
   * caller stops and removes the pod. Throws {@link StatusRuntimeException} with CRI's own error.
   */
  public RunningPod startPod(String name, String runtimeHandler, Path logDir, String image, List<String> command) {
    String uid = UUID.randomUUID().toString();
    Path podLogDir = logDir.resolve(name + "_" + uid);
    try {
      Files.createDirectories(podLogDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] podConfig = podSandboxConfig(name, uid, podLogDir);
    String podId = runPodSandbox(podConfig, runtimeHandler);
    String containerId = startContainer(podId, podConfig, "main", image, command);
    return new RunningPod(podId, containerId, podConfig);
  }

  /**
   * Creates and starts one more container in a running pod (what kubelet does when a container restarts);
   * returns its ID. Throws {@link StatusRuntimeException} with CRI's own error.
   */
  public String startContainer(String podId, byte[] podConfig, String name, String image, List<String> command) {
    Pb container = Pb.msg()
        .msg(1, Pb.msg().str(1, name))
        .msg(2, Pb.msg().str(1, image))
        .strs(3, command)
        .str(11, name + "/0.log")
        .msg(15, Pb.msg().msg(2, Pb.msg().msg(3, hostNetworkNamespaces())));
    String containerId = createContainer(podId, container.bytes(), podConfig);
    startContainer(containerId);
    return containerId;
  }

  /** What ExecSync returned. */
  public record ExecResult(long exitCode, String stdout, String stderr) {
  }

  /** Runs {@code cmd} in a running container and waits for it (CRI ExecSync). */
  public ExecResult execSync(String containerId, List<String> cmd, Duration timeout) {
    // ExecSyncRequest { string container_id = 1; repeated string cmd = 2; int64 timeout = 3; } (seconds)
    // ExecSyncResponse { bytes stdout = 1; bytes stderr = 2; int32 exit_code = 3; }
    Pb.Parsed r = call("ExecSync", Pb.msg().str(1, containerId).strs(2, cmd).varint(3, timeout.toSeconds()));
    return new ExecResult(r.varint(3), r.str(1), r.str(2));
  }

  /** What ContainerStats returned: CPU time used and the memory working set (0 when absent). */
  public record Stats(long cpuNanos, long workingSetBytes) {
  }

  public Stats containerStats(String containerId) {
    // ContainerStatsRequest { string container_id = 1; }  ContainerStatsResponse { ContainerStats stats = 1; }
    // ContainerStats { ContainerAttributes attributes = 1; CpuUsage cpu = 2; MemoryUsage memory = 3; ... }
    // CpuUsage { int64 timestamp = 1; UInt64Value usage_core_nano_seconds = 2; }
    // MemoryUsage { int64 timestamp = 1; UInt64Value working_set_bytes = 2; }  UInt64Value { uint64 value = 1; }
    Pb.Parsed s = call("ContainerStats", Pb.msg().str(1, containerId)).msg(1);
    return new Stats(s.msg(2).msg(2).varint(1), s.msg(3).msg(2).varint(1));
  }

  /** PodSandboxStatus.state (0 = SANDBOX_READY, 1 = SANDBOX_NOTREADY), or -1 when CRI no longer knows the pod. */
  public long podState(String podId) {
    // PodSandboxStatusRequest { string pod_sandbox_id = 1; bool verbose = 2; }
    // PodSandboxStatusResponse { PodSandboxStatus status = 1; }  PodSandboxStatus { string id = 1; ...
    //   PodSandboxState state = 3; }
    try {
      return call("PodSandboxStatus", Pb.msg().str(1, podId)).msg(1).varint(3);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return -1;
      }
      throw e;
    }
  }

  /** A host-network pod config (no CNI needed). */
  static byte[] podSandboxConfig(String name, String uid, Path logDir) {
    // PodSandboxConfig { PodSandboxMetadata metadata = 1; string hostname = 2; string log_directory = 3; ...
    //   map<string,string> labels = 6; ... LinuxPodSandboxConfig linux = 8; }
    // PodSandboxMetadata { string name = 1; string uid = 2; string namespace = 3; uint32 attempt = 4; }
    // LinuxPodSandboxConfig { string cgroup_parent = 1; LinuxSandboxSecurityContext security_context = 2; }
    // LinuxSandboxSecurityContext { NamespaceOption namespace_options = 1; ... }
    return Pb.msg()
        .msg(1, Pb.msg().str(1, name).str(2, uid).str(3, "default"))
        .str(3, logDir.toString())
        .map(6, Map.of("app.kubernetes.io/part-of", "gvisor-node-installer-e2e"))
        .msg(8, Pb.msg().msg(2, Pb.msg().msg(1, hostNetworkNamespaces())))
        .bytes();
  }

  /** NamespaceOption { NamespaceMode network = 1; NamespaceMode pid = 2; NamespaceMode ipc = 3; } */
  private static Pb hostNetworkNamespaces() {
    return Pb.msg().varint(1, NAMESPACE_MODE_NODE).varint(2, NAMESPACE_MODE_CONTAINER);
  }

  /** The message parts of a CRI log file ("TIMESTAMP STREAM TAG MESSAGE" per line). */
  static String readCriLog(Path file) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ", 4);
        sb.append(parts.length == 4 ? parts[3] : line).append('\n');
      }
      return sb.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Pb.Parsed call(String method, Pb request) {
    MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
        .setRequestMarshaller(RawBytes.MARSHALLER).setResponseMarshaller(RawBytes.MARSHALLER).build();
    byte[] resp = ClientCalls.blockingUnaryCall(channel, md,
        CallOptions.DEFAULT.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS), request.bytes());
    return Pb.Parsed.of(resp);
  }


  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
