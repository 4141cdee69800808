package dev.gni.distro;

import java.util.List;

/**
 * A node's distribution as data: where containerd's config lives, how the installer registers the runtime
 * there, which systemd units may restart containerd (the first active one is used), containerd's socket,
 * and why it was detected (status shows it).
 *
 * @param name         e.g. {@code eks-al2023}, {@code k3s}
 * @param configPath   the file containerd reads (for k3s/rke2 the generated one; the template sits beside it)
 * @param strategy     how the runtime is registered
 * @param restartUnits candidate units, in order of preference
 * @param socket       containerd's CRI socket on the host
 * @param why          what detection saw
 */
public record Distribution(String name, String configPath, Strategy strategy, List<String> restartUnits,
                           String socket, String why) {
  /** How the runtime gets into the config containerd reads. */
  public enum Strategy {
    /** The config file itself, in place (or a drop-in on containerd 2.x): generic, kind, EKS AL2, microk8s's template. */
    CONFIG,
    /** The config in place now, plus a nodeadm NodeConfig drop-in so that nodeadm re-applies it at every boot. */
    CONFIG_AND_NODEADM,
    /** A Go template (k3s, rke2) that the distribution renders into the config at every start. */
    GO_TEMPLATE
  }

  public static final String DEFAULT_CONFIG = "/etc/containerd/config.toml";
  public static final String DEFAULT_SOCKET = "/run/containerd/containerd.sock";

  /** The folder holding the config (and, for k3s/rke2, its templates). */
  public String configDir() {
    return configPath.substring(0, configPath.lastIndexOf('/'));
  }

  Distribution because(String reason) {
    return new Distribution(name, configPath, strategy, restartUnits, socket, reason);
  }
}
