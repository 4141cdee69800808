package dev.gni.containerd.cri;

import dev.gni.containerd.cri.transport.GrpcChannel;
import dev.gni.containerd.cri.transport.GrpcException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small client for CRI {@code runtime.v1.RuntimeService} on containerd's unix socket: only the calls
 * the installer needs. Every call takes a deadline; a failed call throws {@link CriException} whose
 * message is one line naming the call and carrying the runtime's own error text. The transport is
 * {@link GrpcChannel}: it connects on the first call and reuses the connection; calls are serialized.
 */
public final class CriClient implements AutoCloseable {
  private static final String SERVICE_PATH = "/runtime.v1.RuntimeService/";

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

  /** One {@code RuntimeService} call with encoded messages. */
  byte[] call(String method, byte[] request, Duration deadline) {
    try {
      return channel.unaryCall(SERVICE_PATH + method, request, deadline);
    } catch (GrpcException e) {
      throw new CriException(describe(method, e, deadline), e);
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
