package dev.gni.containerd.cri;

import java.util.Map;

/** A container as CRI {@code ListContainers} reports it. */
public record ContainerInfo(String id, String sandboxId, String name, int attempt, String image, State state,
                            Map<String, String> labels) {
  /** CRI {@code ContainerState}. */
  public enum State { CREATED, RUNNING, EXITED, UNKNOWN }
}
