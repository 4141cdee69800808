package dev.gni.flow;

import java.util.List;

/**
 * The node runs gVisor pods of another release than the one to install, and switching would break them
 * (measured: docs/operations.md, "Upgrades"). Nothing was changed; the node stays ready on its release.
 */
public final class UpgradeBlockedException extends RuntimeException {
  private final List<String> pods;

  UpgradeBlockedException(String message, List<String> pods) {
    super(message);
    this.pods = List.copyOf(pods);
  }

  /** The pods that block the upgrade, "namespace/name (release ID)" each. */
  public List<String> pods() {
    return pods;
  }
}
