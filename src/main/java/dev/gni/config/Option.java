package dev.gni.config;

/**
 * Every command-line option, with its environment variable, default and help text. This table is the
 * single source for the parser, {@code --help} and docs/configuration.md (a test checks the doc).
 */
public enum Option {
  HOST_ROOT("host-root", "DIR", "/host", "The host's root filesystem as mounted into the installer."),
  BINARIES_DIR("binaries-dir", "DIR", "/opt/gvisor/<arch>",
      "One gVisor release for the host's architecture: runsc, containerd-shim-runsc-v1, gvisor-bin/, SHA512SUMS."),
  INSTALL_DIR("install-dir", "PATH", "/usr/local/bin", "Where runsc and the shim are linked on the host (on containerd's PATH)."),
  CONTAINERD_CONFIG("containerd-config", "PATH", "detected, else /etc/containerd/config.toml",
      "The containerd config file on the host."),
  CONTAINERD_VERSION("containerd-version", "X.Y", "detected",
      "containerd's version; else asked over CRI, else from the host's containerd binary, else 1.x."),
  CONTAINERD_SOCKET("containerd-socket", "PATH", "detected", "containerd's socket on the host (/run/containerd/containerd.sock; k3s and rke2: /run/k3s/containerd/containerd.sock)."),
  RUNTIME_NAME("runtime-name", "NAME", "runsc", "The CRI runtime handler name."),
  RUNSC_FLAG("runsc-flag", "KEY=VALUE", "", "A runsc flag for runsc.toml [runsc_config] (repeatable; env: comma-separated)."),
  RESTART("restart", "MODE", "systemd", "How containerd is restarted: systemd, command or none."),
  RESTART_UNIT("restart-unit", "UNIT", "detected", "The systemd unit restarted with --restart systemd (containerd; k3s/k3s-agent, rke2-server/rke2-agent or snap.microk8s.daemon-containerd, whichever is active)."),
  RESTART_COMMAND("restart-command", "ARGV", "", "The host command run with --restart command (split on spaces)."),
  ALLOW_CONTAINER_KILL("allow-container-kill", null, "false",
      "Restart containerd even when its systemd unit's KillMode (control-group, mixed) kills every running container."),
  RESTART_TIMEOUT("restart-timeout", "SECONDS", "60", "How long to wait for containerd to come back healthy."),
  HOST_EXEC("host-exec", "MODE", "nsenter", "How host commands run: nsenter (PID 1's namespaces) or direct."),
  VERIFY_SANDBOX("verify-sandbox", null, "false",
      "After the live check, run the installed 'runsc --network=none do true' on the host (platform from --runsc-flag)."),
  CANARY("canary", null, "true",
      "Run a canary pod sandbox in gVisor over CRI before labelling the node; with status: run it now."),
  CANARY_EVERY_RUN("canary-every-run", null, "false",
      "Run the canary also on a run that changed nothing, when a canary on the same boot, release, config and containerd passed."),
  CANARY_TIMEOUT("canary-timeout", "SECONDS", "60", "How long the canary sandbox may take."),
  NO_NODE_LABEL("no-node-label", null, "false", "Skip everything Kubernetes: no label, no annotations, no Events."),
  NODE_NAME("node-name", "NAME", "$NODE_NAME", "The Kubernetes node this installer runs on."),
  KUBECONFIG("kubeconfig", "FILE", "in-cluster, else $KUBECONFIG", "Kubeconfig for running outside a pod."),
  LABEL_PREFIX("label-prefix", "PREFIX", "gvisor.dev", "Prefix of the node labels and annotations."),
  READINESS("readiness", "MODE", "label",
      "How the node shows gVisor ready: label (set <prefix>/runsc=ready) or taint (also remove <prefix>/runsc-not-ready:NoSchedule)."),
  INTERVAL("interval", "SECONDS", "30", "watch: seconds between two checks that runsc is live and still configured."),
  READY_FILE("ready-file", "PATH", "/run/gvisor-node-installer/ready",
      "watch: the file that exists while gVisor is live (the readiness probe tests it); a path in the container."),
  POD_NAME("pod-name", "NAME", "$POD_NAME", "watch: this pod, deleted so that the DaemonSet re-creates it and installs again."),
  POD_NAMESPACE("pod-namespace", "NAMESPACE", "$POD_NAMESPACE", "watch: the namespace of --pod-name."),
  DISTRIBUTION("distribution", "NAME", "detected", "Override distribution detection: generic, kind, eks-al2, eks-al2023, k3s, rke2, microk8s."),
  UPGRADE_RUNNING_PODS("upgrade-running-pods", null, "false",
      "Switch to another gVisor release even while gVisor pods of the old one run here (their containers keep their runsc; a container restart in them fails)."),
  ALLOW_UNVERIFIED("allow-unverified", null, "false", "Install even when the release has no SHA512SUMS (not recommended)."),
  FORCE("force", null, "false",
      "uninstall: proceed even while pods run in gVisor on this node (they are stranded; a warning names them)."),
  RELEASE("release", "NAME", "",
      "cleanup: the Helm release whose install DaemonSet pods (and ready-labelled nodes) mark the nodes to clean."),
  CLEANUP_TIMEOUT("cleanup-timeout", "SECONDS", "300",
      "cleanup: how long to wait for every node's Uninstalled or UninstallBlocked Event."),
  DRY_RUN("dry-run", null, "false", "Print the plan and a unified diff of every file that would change; change nothing."),
  OUTPUT("output", "FORMAT", "text", "status output: text or json."),
  LOG_FORMAT("log-format", "FORMAT", "text", "Log format: text or json.");

  private final String flag;
  private final String argName;
  private final String defaultText;
  private final String help;

  Option(String flag, String argName, String defaultText, String help) {
    this.flag = flag;
    this.argName = argName;
    this.defaultText = defaultText;
    this.help = help;
  }

  public String flag() {
    return "--" + flag;
  }

  /** The environment variable that sets this option: GNI_ plus the flag in upper snake case. */
  public String env() {
    return this == NODE_NAME ? "NODE_NAME" : this == KUBECONFIG ? "KUBECONFIG"
        : this == POD_NAME ? "POD_NAME" : this == POD_NAMESPACE ? "POD_NAMESPACE"
        : "GNI_" + flag.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + (this == RUNSC_FLAG ? "S" : "");
  }

  public boolean isBoolean() {
    return argName == null;
  }

  public boolean repeatable() {
    return this == RUNSC_FLAG;
  }

  public String argName() {
    return argName;
  }

  public String defaultText() {
    return defaultText;
  }

  public String help() {
    return help;
  }

  public static Option byFlag(String flag) {
    for (Option o : values()) {
      if (o.flag().equals(flag)) {
        return o;
      }
    }
    return null;
  }
}
