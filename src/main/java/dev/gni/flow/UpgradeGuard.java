package dev.gni.flow;

import dev.gni.binaries.ReleaseInventory;
import dev.gni.binaries.ReleaseUsers;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the node may switch to another gVisor release now. Measured (docs/operations.md,
 * "Upgrades"): a container pinned to its release (runsc.toml {@code binary_name}) keeps exec, stats, stop
 * and delete across a switch, but a container that starts later in a pod of the old release is created by
 * the new release's runsc and fails; a container started by an installer that did not pin loses all of it.
 * So while pods of another release run, the switch is refused unless the operator overrides it.
 */
final class UpgradeGuard {
  private static final Logger LOG = LoggerFactory.getLogger(UpgradeGuard.class);

  private final Node node;
  private final ReleaseUsers running;

  UpgradeGuard(Node node, ReleaseUsers running) {
    this.node = node;
    this.running = running;
  }

  /**
   * Throws {@link UpgradeBlockedException} when {@code current} points at another release than
   * {@code releaseId} and pods of another release run; with {@code override} logs them and returns.
   */
  void check(String releaseId, String version, boolean override) {
    ReleaseInventory inventory = ReleaseInventory.read(node.files(), running);
    if (inventory.current().isEmpty() || inventory.current().get().equals(releaseId)
        || inventory.usersOtherThan(releaseId).isEmpty()) {
      return;
    }
    List<String> pods = ReleasePods.of(inventory, ReleasePods.listed(node.containerd())).onOtherReleases(releaseId);
    if (pods.isEmpty()) {
      return;
    }
    String what = "switching the node from gVisor release " + inventory.current().get() + " to " + releaseId
        + " (runsc " + version + ") would break " + pods.size() + " running gVisor pod(s): " + String.join(", ", pods);
    if (override) {
      LOG.warn("{}; going ahead (--upgrade-running-pods): their exec, stats, stop and delete keep their release,"
          + " but a container that restarts in them fails until the pod is recreated", what);
      return;
    }
    throw new UpgradeBlockedException("upgrade blocked: " + what + " (a container restart in them; for pods"
        + " started without a pinned runsc, also exec, stats, stop and delete); nothing changed, the node stays ready"
        + " on release " + inventory.current().get() + ". Drain its gVisor pods first, or pass --upgrade-running-pods"
        + " (docs/operations.md#upgrades)", pods);
  }
}
