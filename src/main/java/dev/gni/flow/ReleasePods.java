package dev.gni.flow;

import dev.gni.binaries.ReleaseInventory;
import dev.gni.containerd.cri.SandboxInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods that run from each release on the node: the container IDs of the release's running processes
 * ({@link ReleaseInventory}) that are pod sandboxes of this node's containerd (CRI ListPodSandbox), named
 * {@code namespace/name}. When containerd cannot be asked, every container ID counts, as {@code container
 * <first 12 hex>}: an upgrade is refused rather than risked.
 */
record ReleasePods(ReleaseInventory inventory, Map<String, List<String>> pods) {
  /** What the running containerd lists (CRI ListPodSandbox); empty when it cannot be asked. */
  static Optional<List<SandboxInfo>> listed(dev.gni.containerd.ContainerdHealth containerd) {
    try {
      return Optional.of(containerd.sandboxes(java.time.Duration.ofSeconds(20)));
    } catch (dev.gni.containerd.cri.CriException e) {
      return Optional.empty();
    }
  }

  static ReleasePods of(ReleaseInventory inventory, Optional<List<SandboxInfo>> sandboxes) {
    Map<String, List<String>> pods = new LinkedHashMap<>();
    inventory.users().forEach((id, ids) -> pods.put(id, names(ids, sandboxes)));
    return new ReleasePods(inventory, pods);
  }

  /** The pods on releases other than {@code releaseId}, "namespace/name (release ID)" each. */
  List<String> onOtherReleases(String releaseId) {
    List<String> out = new ArrayList<>();
    pods.forEach((id, names) -> {
      if (!id.equals(releaseId)) {
        names.forEach(n -> out.add(n + " (release " + id + ")"));
      }
    });
    return out;
  }

  private static List<String> names(Set<String> ids, Optional<List<SandboxInfo>> sandboxes) {
    if (sandboxes.isEmpty()) {
      return ids.stream().map(i -> "container " + i.substring(0, 12)).toList();
    }
    return sandboxes.get().stream().filter(s -> ids.contains(s.id()))
        .map(s -> s.namespace() + "/" + s.name()).sorted().toList();
  }
}
