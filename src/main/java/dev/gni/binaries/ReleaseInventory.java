package dev.gni.binaries;

import dev.gni.host.HostFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gVisor releases on the host and who uses them: every folder under
 * {@code /opt/gvisor-node-installer/releases}, which one {@code current} points at, and the container IDs
 * of the shims, sandboxes and gofers that execute a file of each ({@link ReleaseUsers}).
 *
 * @param current the release {@code current} points at, if any
 * @param users   every release folder on the host (sorted) to the container IDs running from it (a folder
 *                that is gone but still executed by a process is listed too)
 */
public record ReleaseInventory(Optional<String> current, Map<String, Set<String>> users) {
  public static ReleaseInventory read(HostFiles host, ReleaseUsers running) {
    Optional<String> current = host.readLink(BinaryInstaller.CURRENT)
        .map(t -> t.substring(t.lastIndexOf('/') + 1)).filter(id -> !id.isEmpty());
    Map<String, Set<String>> users = new LinkedHashMap<>();
    host.list(BinaryInstaller.RELEASES).forEach(id -> users.put(id, new TreeSet<>()));
    running.byRelease(BinaryInstaller.RELEASES, host.local(BinaryInstaller.RELEASES))
        .forEach((id, ids) -> users.computeIfAbsent(id, k -> new TreeSet<>()).addAll(ids));
    return new ReleaseInventory(current, users);
  }

  /** The container IDs that run from any release other than {@code releaseId}, by release. */
  public Map<String, Set<String>> usersOtherThan(String releaseId) {
    Map<String, Set<String>> other = new LinkedHashMap<>();
    users.forEach((id, ids) -> {
      if (!id.equals(releaseId) && !ids.isEmpty()) {
        other.put(id, ids);
      }
    });
    return other;
  }

  public List<String> releaseIds() {
    return List.copyOf(users.keySet());
  }
}
