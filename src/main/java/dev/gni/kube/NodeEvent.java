package dev.gni.kube;

/** The Events the installer records on its Node, as {@code kubectl describe node} shows them. */
public enum NodeEvent {
  INSTALLED("Installed", "Normal"),
  ALREADY_INSTALLED("AlreadyInstalled", "Normal"),
  INSTALL_FAILED("InstallFailed", "Warning"),
  ROLLED_BACK("RolledBack", "Warning"),
  UNINSTALLED("Uninstalled", "Normal"),
  UNINSTALL_BLOCKED("UninstallBlocked", "Warning");

  private final String reason;
  private final String type;

  NodeEvent(String reason, String type) {
    this.reason = reason;
    this.type = type;
  }

  public String reason() {
    return reason;
  }

  public String type() {
    return type;
  }
}
