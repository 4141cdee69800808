package dev.gni.flow;

import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The node's distribution, detected from the host root, with where it keeps containerd's config and which
 * unit restarts containerd. {@code why} says what the detection saw (status shows it).
 */
public record Distribution(String name, String configPath, String restartUnit, String why) {
  public static final String DEFAULT_CONFIG = "/etc/containerd/config.toml";

  public static Distribution detect(HostFiles host, Optional<String> override) {
    String id = osReleaseValue(host, "ID").orElse("unknown").toLowerCase(Locale.ROOT);
    String name = override.orElse(null);
    String why;
    if (name != null) {
      why = "--distribution " + name;
    } else if (id.equals("bottlerocket")) {
      name = "bottlerocket";
      why = "/etc/os-release ID=bottlerocket";
    } else if (host.exists("/var/lib/rancher/k3s") || host.exists("/usr/local/bin/k3s")) {
      name = "k3s";
      why = "k3s files under /var/lib/rancher/k3s";
    } else if (host.exists("/var/lib/rancher/rke2")) {
      name = "rke2";
      why = "rke2 files under /var/lib/rancher/rke2";
    } else if (host.exists("/var/snap/microk8s")) {
      name = "microk8s";
      why = "/var/snap/microk8s exists";
    } else if (host.exists("/etc/eks/nodeadm") || host.exists("/usr/bin/nodeadm")) {
      name = "eks-al2023";
      why = "nodeadm present (" + id + ")";
    } else if (host.exists("/etc/eks/bootstrap.sh")) {
      name = "eks-al2";
      why = "/etc/eks/bootstrap.sh present (" + id + ")";
    } else {
      name = "generic";
      why = "no distribution-specific files; /etc/os-release ID=" + id;
    }
    return switch (name) {
      case "bottlerocket" -> throw new UnsupportedHostException("Bottlerocket is not supported: its containerd config "
          + "comes from the settings API and /etc is not the place to edit; see docs/distributions.md");
      case "talos" -> throw new UnsupportedHostException("Talos is not supported: its filesystem is read-only; "
          + "use a Talos system extension for gVisor");
      case "k3s", "rke2", "microk8s" -> throw new UnsupportedHostException(name + " regenerates containerd's config "
          + "from its own template, which this version does not edit yet; see docs/distributions.md");
      case "eks-al2", "eks-al2023", "generic", "kind" -> new Distribution(name, DEFAULT_CONFIG, "containerd", why);
      default -> throw new UnsupportedHostException("unknown --distribution '" + name
          + "' (known: eks-al2, eks-al2023, kind, generic, k3s, rke2, microk8s, bottlerocket)");
    };
  }

  static Optional<String> osReleaseValue(HostFiles host, String key) {
    Optional<byte[]> b = host.read("/etc/os-release");
    if (b.isEmpty()) {
      b = host.read("/usr/lib/os-release");
    }
    return b.flatMap(bytes -> new String(bytes, StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1).replace("\"", "").strip())
        .findFirst());
  }
}
