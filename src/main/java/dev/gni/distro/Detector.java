package dev.gni.distro;

import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Detects the distribution from the host root alone: {@code /etc/os-release}, then the files and systemd
 * units each distribution installs. The first rule that matches wins; {@code why} names what was seen.
 */
public final class Detector {
  static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/usr/local/lib/systemd/system",
      "/usr/lib/systemd/system", "/lib/systemd/system");

  private final HostFiles host;

  private Detector(HostFiles host) {
    this.host = host;
  }

  public static Distribution detect(HostFiles host, Optional<String> override) {
    if (override.isPresent()) {
      return Distributions.named(override.get(), "--distribution " + override.get());
    }
    return new Detector(host).detect();
  }

  private Distribution detect() {
    String id = osRelease("ID").orElse("unknown").toLowerCase(Locale.ROOT);
    if (id.equals("bottlerocket") || id.equals("talos")) {
      return Distributions.named(id, "/etc/os-release ID=" + id);
    }
    List<String> seen = seen("/var/lib/rancher/k3s/agent", "/usr/local/bin/k3s", unit("k3s"), unit("k3s-agent"));
    if (!seen.isEmpty()) {
      return Distributions.named("k3s", String.join(", ", seen));
    }
    seen = seen("/var/lib/rancher/rke2/agent", "/usr/local/bin/rke2", unit("rke2-server"), unit("rke2-agent"));
    if (!seen.isEmpty()) {
      return Distributions.named("rke2", String.join(", ", seen));
    }
    seen = seen(Distributions.MICROK8S_TEMPLATE, "/snap/microk8s/current", unit("snap.microk8s.daemon-containerd"));
    if (!seen.isEmpty()) {
      return Distributions.named("microk8s", String.join(", ", seen));
    }
    seen = seen("/usr/bin/nodeadm", "/etc/eks/nodeadm", "/etc/eks/nodeadm.d", unit("nodeadm-run"));
    if (!seen.isEmpty()) {
      return Distributions.named("eks-al2023", String.join(", ", seen) + " (/etc/os-release ID=" + id + ")");
    }
    if (host.exists("/etc/eks/bootstrap.sh")) {
      return Distributions.named("eks-al2", "/etc/eks/bootstrap.sh (/etc/os-release ID=" + id + ")");
    }
    if (host.exists("/kind/version")) {
      return Distributions.named("kind", "/kind/version (a kind node image)");
    }
    return Distributions.named("generic", "no distribution-specific files; /etc/os-release ID=" + id);
  }

  /** A unit file of that name in any systemd unit folder, as a pseudo-path for {@link #seen}. */
  private String unit(String name) {
    for (String dir : UNIT_DIRS) {
      if (host.exists(dir + "/" + name + ".service")) {
        return dir + "/" + name + ".service";
      }
    }
    return "";
  }

  private List<String> seen(String... paths) {
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      if (!p.isEmpty() && host.exists(p) && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  Optional<String> osRelease(String key) {
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
