package dev.gni.containerd.cri;

import dev.gni.containerd.cri.v1.Cri;
import java.util.Map;

/** Between the installer's records and the generated CRI messages ({@code src/main/proto}). */
final class CriMessages {
  /** The CRI API version this client speaks (VersionRequest.version). */
  static final String API_VERSION = "v1";

  private CriMessages() {
  }

  static Cri.VersionRequest versionRequest() {
    return Cri.VersionRequest.newBuilder().setVersion(API_VERSION).build();
  }

  static RuntimeVersion version(Cri.VersionResponse r) {
    return new RuntimeVersion(r.getRuntimeName(), r.getRuntimeVersion(), r.getRuntimeApiVersion());
  }

  static RuntimeStatus status(Cri.StatusResponse r) {
    return new RuntimeStatus(
        r.getStatus().getConditionsList().stream()
            .map(c -> new RuntimeCondition(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList(),
        Map.copyOf(r.getInfoMap()),
        r.getRuntimeHandlersList().stream().map(Cri.RuntimeHandler::getName).toList());
  }

  /**
   * A sandbox that needs no CNI when {@code hostNetwork}: the node's network namespace, and no hostname then
   * (CRI allows an empty one only with the node's network).
   */
  static Cri.PodSandboxConfig podSandboxConfig(SandboxSpec spec) {
    Cri.NamespaceOption namespaces = Cri.NamespaceOption.newBuilder()
        .setNetwork(spec.hostNetwork() ? Cri.NamespaceMode.NODE : Cri.NamespaceMode.POD).build();
    return Cri.PodSandboxConfig.newBuilder()
        .setMetadata(Cri.PodSandboxMetadata.newBuilder().setName(spec.name()).setUid(spec.uid())
            .setNamespace(spec.namespace()).setAttempt(spec.attempt()))
        .setHostname(spec.hostNetwork() ? "" : spec.name())
        .setLogDirectory(spec.logDirectory())
        .putAllLabels(spec.labels())
        .setLinux(Cri.LinuxPodSandboxConfig.newBuilder().setSecurityContext(
            Cri.LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(namespaces)))
        .build();
  }

  static Cri.RunPodSandboxRequest runRequest(SandboxSpec spec, String handler) {
    return Cri.RunPodSandboxRequest.newBuilder().setConfig(podSandboxConfig(spec)).setRuntimeHandler(handler).build();
  }

  static SandboxInfo sandbox(Cri.PodSandboxStatus s) {
    Cri.PodSandboxMetadata m = s.getMetadata();
    return new SandboxInfo(s.getId(), m.getName(), m.getUid(), m.getNamespace(), state(s.getState()),
        s.getRuntimeHandler(), Map.copyOf(s.getLabelsMap()));
  }

  static SandboxInfo sandbox(Cri.PodSandbox s) {
    Cri.PodSandboxMetadata m = s.getMetadata();
    return new SandboxInfo(s.getId(), m.getName(), m.getUid(), m.getNamespace(), state(s.getState()),
        s.getRuntimeHandler(), Map.copyOf(s.getLabelsMap()));
  }

  static ContainerInfo container(Cri.Container c) {
    ContainerInfo.State state = switch (c.getState()) {
      case CONTAINER_CREATED -> ContainerInfo.State.CREATED;
      case CONTAINER_RUNNING -> ContainerInfo.State.RUNNING;
      case CONTAINER_EXITED -> ContainerInfo.State.EXITED;
      default -> ContainerInfo.State.UNKNOWN;
    };
    return new ContainerInfo(c.getId(), c.getPodSandboxId(), c.getMetadata().getName(), c.getMetadata().getAttempt(),
        c.getImage().getImage(), state, Map.copyOf(c.getLabelsMap()));
  }

  /** Values the runtime did not report (an absent UInt64Value) are -1. */
  static ContainerUsage usage(String containerId, Cri.ContainerStats s) {
    return new ContainerUsage(s.getAttributes().getId().isEmpty() ? containerId : s.getAttributes().getId(),
        s.getCpu().hasUsageCoreNanoSeconds() ? s.getCpu().getUsageCoreNanoSeconds().getValue() : -1,
        s.getMemory().hasWorkingSetBytes() ? s.getMemory().getWorkingSetBytes().getValue() : -1,
        s.getMemory().hasUsageBytes() ? s.getMemory().getUsageBytes().getValue() : -1);
  }

  private static SandboxInfo.State state(Cri.PodSandboxState s) {
    return switch (s) {
      case SANDBOX_READY -> SandboxInfo.State.READY;
      case SANDBOX_NOTREADY -> SandboxInfo.State.NOT_READY;
      default -> SandboxInfo.State.UNKNOWN;
    };
  }
}
