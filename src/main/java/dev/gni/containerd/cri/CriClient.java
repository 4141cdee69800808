package dev.gni.containerd.cri;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small client for CRI {@code runtime.v1.RuntimeService} on containerd's unix socket: only the calls
 * the installer needs. Every call takes a deadline; a failed call throws {@link CriException} whose
 * message is one line naming the call and carrying the runtime's own error text.
 */
public final class CriClient implements AutoCloseable {
  private static final String SERVICE = "runtime.v1.RuntimeService";
  private static final Map<String, MethodDescriptor<byte[], byte[]>> METHODS = new ConcurrentHashMap<>();

  private final String socketPath;
  private final CriChannel channel;

  private CriClient(String socketPath, CriChannel channel) {
    this.socketPath = socketPath;
    this.channel = channel;
  }

  /** Opens a channel to the socket; this does not connect yet, so it succeeds even if nothing listens. */
  public static CriClient connect(String socketPath) {
    return new CriClient(socketPath, CriChannel.open(socketPath));
  }

  public String socketPath() {
    return socketPath;
  }

  public RuntimeVersion version(Duration deadline) {
    return RuntimeMessages.versionResponse(call("Version", RuntimeMessages.versionRequest(), deadline));
  }

  /** Verbose {@code Status}: conditions plus the {@code info} map (with {@code info["config"]}). */
  public RuntimeStatus status(Duration deadline) {
    return RuntimeMessages.statusResponse(call("Status", RuntimeMessages.statusRequest(true), deadline));
  }

  /** @return the new sandbox's id */
  public String runPodSandbox(SandboxSpec spec, String handler, Duration deadline) {
    return SandboxMessages.runResponse(call("RunPodSandbox", SandboxMessages.runRequest(spec, handler), deadline));
  }

  public SandboxInfo podSandboxStatus(String sandboxId, Duration deadline) {
    return SandboxMessages.statusResponse(call("PodSandboxStatus", SandboxMessages.idRequest(sandboxId), deadline));
  }

  public void stopPodSandbox(String sandboxId, Duration deadline) {
    call("StopPodSandbox", SandboxMessages.idRequest(sandboxId), deadline);
  }

  public void removePodSandbox(String sandboxId, Duration deadline) {
    call("RemovePodSandbox", SandboxMessages.idRequest(sandboxId), deadline);
  }

  /** Sandboxes whose labels include all of {@code labelSelector} (all sandboxes when it is empty). */
  public List<SandboxInfo> listPodSandbox(Map<String, String> labelSelector, Duration deadline) {
    return SandboxMessages.listResponse(call("ListPodSandbox", SandboxMessages.listRequest(labelSelector), deadline));
  }

  private byte[] call(String method, byte[] request, Duration deadline) {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
    try {
      return ClientCalls.blockingUnaryCall(channel.channel(), descriptor(method), options, request);
    } catch (StatusRuntimeException e) {
      throw new CriException(describe(method, e.getStatus(), deadline), e);
    }
  }

  private String describe(String method, Status status, Duration deadline) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "CRI " + method + " on " + socketPath + " failed: DEADLINE_EXCEEDED: no answer within "
          + deadline.toMillis() + " ms";
    }
    String text = status.getDescription() == null ? "" : ": " + status.getDescription().replace('\n', ' ');
    String cause = "";
    for (Throwable c = status.getCause(); c != null && cause.isEmpty(); c = c.getCause()) {
      cause = c.getMessage() == null ? "" : ": " + c.getMessage().replace('\n', ' ');
    }
    if (cause.isEmpty() && status.getCause() != null) {
      cause = ": " + status.getCause().getClass().getSimpleName();
    }
    return "CRI " + method + " on " + socketPath + " failed: " + status.getCode() + text + cause;
  }

  private static MethodDescriptor<byte[], byte[]> descriptor(String method) {
    return METHODS.computeIfAbsent(method, m -> MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, m))
        .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
        .setResponseMarshaller(RawBytesMarshaller.INSTANCE)
        .build());
  }

  @Override
  public void close() {
    channel.close();
  }
}
