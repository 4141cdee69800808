package dev.gni.exit;

/** The documented exit codes (docs/configuration.md lists them). */
public enum ExitCode {
  OK(0, "success (or nothing to do)"),
  INTERNAL(1, "unexpected internal error"),
  USAGE(2, "unknown option, bad value or missing command"),
  INVALID_INPUT(3, "invalid input: broken or refused containerd config, bad or tampered binaries"),
  HOST_REFUSED(4, "the host is not supported or not writable: read-only filesystem, path escape, unsupported OS"),
  NOT_LIVE(5, "containerd did not come back with the runtime live (the previous config was restored)"),
  CANARY_FAILED(6, "the canary pod sandbox (or --verify-sandbox's runsc do) did not run in gVisor"),
  KUBERNETES(7, "the Kubernetes API refused or failed"),
  ROLLBACK_FAILED(8, "the change failed AND restoring the previous config failed: act by hand"),
  UNINSTALL_BLOCKED(9, "uninstall refused: pods run in gVisor on this node (drain it or delete them; --force overrides); nothing changed"),
  TERMINATED(10, "stopped by SIGTERM at a step boundary (the step in progress was finished or rolled back); a re-run converges"),
  UPGRADE_BLOCKED(11, "gVisor pods of another release run on the node: nothing changed (drain, or --upgrade-running-pods)"),
  RESTART_REFUSED(12, "containerd was not restarted: its unit's KillMode would kill running containers, or systemd's"
      + " start limit refuses it; the config is written, the restart pending");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
