package dev.gni.flow;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;
import java.util.List;

/**
 * The node runs gVisor pods of another release than the one to install, and switching would break them
 * (measured: docs/operations.md, "Upgrades"). Nothing was changed; the node stays ready on its release.
 */
public final class UpgradeBlockedException extends RuntimeException implements ExitStatus {
  private final List<String> pods;

  UpgradeBlockedException(String message, List<String> pods) {
    super(message);
    this.pods = List.copyOf(pods);
  }

  /** The pods that block the upgrade, "namespace/name (release ID)" each. */
  public List<String> pods() {
    return pods;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.UPGRADE_BLOCKED;
  }
}
