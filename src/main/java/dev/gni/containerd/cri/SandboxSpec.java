package dev.gni.containerd.cri;

import java.util.Map;

/**
 * The few {@code PodSandboxConfig} settings the installer uses: identity, labels, a log directory, and
 * whether the sandbox shares the node's network namespace (no CNI needed).
 */
public record SandboxSpec(String name, String uid, String namespace, int attempt, String logDirectory,
                          Map<String, String> labels, boolean hostNetwork) {
  public SandboxSpec {
    labels = Map.copyOf(labels);
  }
}
