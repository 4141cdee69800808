package dev.gni.containerd.cri;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.gni.containerd.cri.grpc.GrpcChannel;
import dev.gni.containerd.cri.grpc.GrpcException;
import dev.gni.containerd.cri.v1.Cri;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small client for CRI {@code runtime.v1.RuntimeService} on containerd's unix socket: only the calls
 * the installer needs, with messages generated from {@code src/main/proto/cri_runtime_v1.proto}. Every call
 * takes a deadline; a failed call throws {@link CriException} whose message is one line naming the call and
 * carrying the runtime's own error text. The channel ({@link GrpcChannel}) connects on the first call and
 * reuses the connection; calls are serialized.
 */
public final class CriClient implements AutoCloseable {
  /** The service of the proto ({@code package runtime.v1; service RuntimeService}). */
  private static final String SERVICE = "runtime.v1.RuntimeService";

  private final String socketPath;
  private final GrpcChannel channel;

  private CriClient(String socketPath) {
    this.socketPath = socketPath;
    this.channel = new GrpcChannel(socketPath);
  }

  /** Prepares a client for the socket; this does not connect yet, so it succeeds even if nothing listens. */
  public static CriClient connect(String socketPath) {
    return new CriClient(socketPath);
  }

  public String socketPath() {
    return socketPath;
  }

  public RuntimeVersion version(Duration deadline) {
    return CriMessages.version(call("Version", CriMessages.versionRequest(), Cri.VersionResponse.parser(), deadline));
  }

  /** Verbose {@code Status}: conditions plus the {@code info} map (with {@code info["config"]}). */
  public RuntimeStatus status(Duration deadline) {
    return CriMessages.status(call("Status", Cri.StatusRequest.newBuilder().setVerbose(true).build(),
        Cri.StatusResponse.parser(), deadline));
  }

  /** @return the new sandbox's id */
  public String runPodSandbox(SandboxSpec spec, String handler, Duration deadline) {
    return call("RunPodSandbox", CriMessages.runRequest(spec, handler), Cri.RunPodSandboxResponse.parser(), deadline)
        .getPodSandboxId();
  }

  public SandboxInfo podSandboxStatus(String sandboxId, Duration deadline) {
    Cri.PodSandboxStatusResponse reply = call("PodSandboxStatus",
        Cri.PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build(),
        Cri.PodSandboxStatusResponse.parser(), deadline);
    if (!reply.hasStatus()) {
      throw new CriException("CRI PodSandboxStatus on " + socketPath + " failed: the reply has no status");
    }
    return CriMessages.sandbox(reply.getStatus());
  }

  public void stopPodSandbox(String sandboxId, Duration deadline) {
    call("StopPodSandbox", Cri.StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build(),
        Cri.StopPodSandboxResponse.parser(), deadline);
  }

  public void removePodSandbox(String sandboxId, Duration deadline) {
    call("RemovePodSandbox", Cri.RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build(),
        Cri.RemovePodSandboxResponse.parser(), deadline);
  }

  /**
   * Sandboxes whose labels include all of {@code labelSelector} (all sandboxes when it is empty), each with
   * the runtime handler it runs with.
   */
  public List<SandboxInfo> listPodSandbox(Map<String, String> labelSelector, Duration deadline) {
    Cri.ListPodSandboxRequest request = Cri.ListPodSandboxRequest.newBuilder()
        .setFilter(Cri.PodSandboxFilter.newBuilder().putAllLabelSelector(labelSelector)).build();
    return call("ListPodSandbox", request, Cri.ListPodSandboxResponse.parser(), deadline).getItemsList().stream()
        .map(CriMessages::sandbox).toList();
  }

  /** The containers of one pod sandbox, in any state. */
  public List<ContainerInfo> listContainers(String sandboxId, Duration deadline) {
    Cri.ListContainersRequest request = Cri.ListContainersRequest.newBuilder()
        .setFilter(Cri.ContainerFilter.newBuilder().setPodSandboxId(sandboxId)).build();
    return call("ListContainers", request, Cri.ListContainersResponse.parser(), deadline).getContainersList()
        .stream().map(CriMessages::container).toList();
  }

  /**
   * Runs {@code command} in a running container and waits for it: CRI {@code ExecSync}. The command's own
   * time limit is {@code deadline} rounded up to whole seconds (CRI's unit), so the runtime stops it by then.
   */
  public ExecResult execSync(String containerId, List<String> command, Duration deadline) {
    Cri.ExecSyncRequest request = Cri.ExecSyncRequest.newBuilder().setContainerId(containerId)
        .addAllCmd(command).setTimeout(Math.max(1, (deadline.toMillis() + 999) / 1000)).build();
    Cri.ExecSyncResponse reply = call("ExecSync", request, Cri.ExecSyncResponse.parser(), deadline);
    return new ExecResult(reply.getExitCode(), reply.getStdout().toStringUtf8(), reply.getStderr().toStringUtf8());
  }

  /** CPU and memory use of one container, as the runtime's CRI {@code ContainerStats} reports them. */
  public ContainerUsage containerStats(String containerId, Duration deadline) {
    Cri.ContainerStatsResponse reply = call("ContainerStats",
        Cri.ContainerStatsRequest.newBuilder().setContainerId(containerId).build(),
        Cri.ContainerStatsResponse.parser(), deadline);
    return CriMessages.usage(containerId, reply.getStats());
  }

  /** One {@code RuntimeService} call: {@code method} as named in the proto's service. */
  <T extends MessageLite> T call(String method, MessageLite request, Parser<T> replyParser, Duration deadline) {
    byte[] reply;
    try {
      reply = channel.unaryCall("/" + SERVICE + "/" + method, request.toByteArray(), deadline);
    } catch (GrpcException e) {
      throw new CriException(describe(method, e, deadline), e);
    }
    try {
      return replyParser.parseFrom(reply);
    } catch (InvalidProtocolBufferException e) {
      throw new CriException("CRI " + method + " on " + socketPath + " failed: the reply is not a " + method
          + " reply: " + e.getMessage(), e);
    }
  }

  private String describe(String method, GrpcException e, Duration deadline) {
    if (e.code().equals("DEADLINE_EXCEEDED")) {
      return "CRI " + method + " on " + socketPath + " failed: DEADLINE_EXCEEDED: no answer within "
          + deadline.toMillis() + " ms";
    }
    String text = e.description().isEmpty() ? "" : ": " + e.description().replace('\n', ' ').replace('\r', ' ');
    return "CRI " + method + " on " + socketPath + " failed: " + e.code() + text;
  }

  @Override
  public void close() {
    channel.close();
  }
}
