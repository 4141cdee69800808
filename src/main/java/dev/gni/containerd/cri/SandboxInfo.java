package dev.gni.containerd.cri;

import java.util.Map;

/**
 * A pod sandbox as CRI {@code PodSandboxStatus} or {@code ListPodSandbox} reports it.
 *
 * @param runtimeHandler the handler it runs with; empty if the runtime does not say
 */
public record SandboxInfo(String id, String name, String uid, String namespace, State state,
                          String runtimeHandler, Map<String, String> labels) {
  /** CRI {@code PodSandboxState}. */
  public enum State { READY, NOT_READY, UNKNOWN }

}
