package dev.gni.distro;

import dev.gni.distro.Distribution.Strategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The known distributions: the data that differs between them. Refused ones have a message instead. */
public final class Distributions {
  static final String K3S_DIR = "/var/lib/rancher/k3s/agent/etc/containerd";
  static final String RKE2_DIR = "/var/lib/rancher/rke2/agent/etc/containerd";
  static final String MICROK8S_TEMPLATE = "/var/snap/microk8s/current/args/containerd-template.toml";

  private static final List<String> CONTAINERD = List.of("containerd");
  private static final Map<String, Distribution> KNOWN = Map.of(
      "generic", plain("generic"),
      "kind", plain("kind"),
      "eks-al2", plain("eks-al2"),
      "eks-al2023", new Distribution("eks-al2023", Distribution.DEFAULT_CONFIG, Strategy.CONFIG_AND_NODEADM, CONTAINERD,
          Distribution.DEFAULT_SOCKET, ""),
      "k3s", new Distribution("k3s", K3S_DIR + "/config.toml", Strategy.GO_TEMPLATE, List.of("k3s", "k3s-agent"),
          "/run/k3s/containerd/containerd.sock", ""),
      "rke2", new Distribution("rke2", RKE2_DIR + "/config.toml", Strategy.GO_TEMPLATE,
          List.of("rke2-server", "rke2-agent"), "/run/k3s/containerd/containerd.sock", ""),
      "microk8s", new Distribution("microk8s", MICROK8S_TEMPLATE, Strategy.CONFIG,
          List.of("snap.microk8s.daemon-containerd"), "/var/snap/microk8s/common/run/containerd.sock", ""));

  private static final Map<String, String> REFUSED = Map.of(
      "bottlerocket", "Bottlerocket is not supported: its containerd config is generated from the settings API and "
          + "/etc is not writable; use Bottlerocket's own settings (see docs/distributions.md)",
      "talos", "Talos is not supported: its filesystem is read-only; use a Talos system extension for gVisor");

  private Distributions() {
  }

  /** The distribution by name, or {@link UnsupportedHostException} saying why not or which names exist. */
  public static Distribution named(String name, String why) {
    String refused = REFUSED.get(name);
    if (refused != null) {
      throw new UnsupportedHostException(refused);
    }
    return Optional.ofNullable(KNOWN.get(name)).map(d -> d.because(why))
        .orElseThrow(() -> new UnsupportedHostException("unknown --distribution '" + name + "' (known: "
            + String.join(", ", names()) + ")"));
  }

  public static List<String> names() {
    return List.of("generic", "kind", "eks-al2", "eks-al2023", "k3s", "rke2", "microk8s", "bottlerocket", "talos");
  }

  private static Distribution plain(String name) {
    return new Distribution(name, Distribution.DEFAULT_CONFIG, Strategy.CONFIG, CONTAINERD, Distribution.DEFAULT_SOCKET, "");
  }
}
