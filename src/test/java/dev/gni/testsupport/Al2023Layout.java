package dev.gni.testsupport;

import dev.gni.testsupport.ContainerdBinaries.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a fake EKS AL2023 node under a host root {@code H}, as nodeadm leaves them at boot, for
 * {@link Al2023Host}: {@code etc/containerd/config.toml} rendered from nodeadm's template (config version 2 for
 * containerd 1.x, 3 for 2.x) with no runsc entry, {@code etc/containerd/base-runtime-spec.json} (this
 * containerd's {@code ctr oci spec}), {@code etc/os-release} of Amazon Linux 2023, a {@code usr/bin/nodeadm}
 * stub, and the node dirs. Where the test host differs from a node, the config says so in a comment:
 * a private CNI conf dir, {@code restrict_oom_score_adj = true} (this sandbox lacks CAP_SYS_RESOURCE), NRI off
 * on 2.x (its socket is machine-wide), and the offline sandbox image {@link TestImages#PAUSE_REF}. The
 * {@code root}, {@code state} and {@code [grpc] address} lines are EKS's own: {@link RealContainerd}'s flags
 * put them under {@code H} (see there).
 */
final class Al2023Layout {
  static final String CONFIG = "/etc/containerd/config.toml";
  private static final List<String> DIRS = List.of("etc/containerd", "etc/cni/net.d", "usr/bin", "usr/local/bin",
      "usr/local/sbin", "opt/cni/bin", "run/containerd", "var/lib/containerd");
  private static final List<String> RUNSC_BINARIES = List.of("runsc", "containerd-shim-runsc-v1");

  private static final String OS_RELEASE = """
      NAME="Amazon Linux"
      VERSION="2023"
      ID="amzn"
      ID_LIKE="fedora"
      VERSION_ID="2023"
      PLATFORM_ID="platform:al2023"
      PRETTY_NAME="Amazon Linux 2023.9.20251110"
      ANSI_COLOR="0;33"
      CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"
      HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"
      DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"
      SUPPORT_URL="https://aws.amazon.com/premiumsupport/"
      BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"
      VENDOR_NAME="AWS"
      VENDOR_URL="https://aws.amazon.com/"
      SUPPORT_END="2029-06-30"
      """;

  private static final String NODEADM = """
      #!/bin/sh
      # test host root stub: marks this fake node as EKS AL2023 (nodeadm present). Does nothing.
      echo "nodeadm: test stub, does nothing" >&2
      exit 1
      """;

  /** nodeadm's config.template.toml (containerd 1.x), rendered. */
  private static final String CONFIG_V2 = """
      version = 2
      root = "/var/lib/containerd"
      state = "/run/containerd"

      [grpc]
      address = "/run/containerd/containerd.sock"

      [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"
      discard_unpacked_layers = true

      [plugins."io.containerd.grpc.v1.cri"]
      sandbox_image = "%2$s"
      enable_cdi = true
      # test host: this sandbox lacks CAP_SYS_RESOURCE
      restrict_oom_score_adj = true

      [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d:/etc/docker/certs.d"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      base_runtime_spec = "/etc/containerd/base-runtime-spec.json"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
      BinaryName = "/usr/sbin/runc"
      SystemdCgroup = true

      [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/opt/cni/bin"
      # test host: a private conf dir (the machine's /etc/cni/net.d is not the node's)
      conf_dir = "%1$s/etc/cni/net.d"
      """;

  /** nodeadm's config2.template.toml (containerd 2.x), rendered. */
  private static final String CONFIG_V3 = """
      version = 3
      root = "/var/lib/containerd"
      state = "/run/containerd"

      [grpc]
      address = "/run/containerd/containerd.sock"

      # test host: NRI's socket is machine-wide (/var/run/nri/nri.sock); test daemons must not share it
      [plugins.'io.containerd.nri.v1.nri']
      disable = true

      [plugins.'io.containerd.cri.v1.images']
      discard_unpacked_layers = true

      [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = "%2$s"

      [plugins."io.containerd.cri.v1.images".registry]
      config_path = "/etc/containerd/certs.d:/etc/docker/certs.d"

      [plugins.'io.containerd.cri.v1.runtime']
      enable_cdi = true
      # test host: this sandbox lacks CAP_SYS_RESOURCE
      restrict_oom_score_adj = true

      [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = "runc"

      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      base_runtime_spec = "/etc/containerd/base-runtime-spec.json"

      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
      BinaryName = "/usr/sbin/runc"
      SystemdCgroup = true

      [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dir = "/opt/cni/bin"
      # test host: a private conf dir (the machine's /etc/cni/net.d is not the node's)
      conf_dir = "%1$s/etc/cni/net.d"
      """;

  private Al2023Layout() {
  }

  /** Writes the node's files under {@code h} for containerd {@code binaries}. */
  static void write(Path h, ContainerdBinaries binaries) {
    DIRS.forEach(d -> TempDirs.mkdirs(h.resolve(d)));
    try {
      Files.writeString(h.resolve("etc/os-release"), OS_RELEASE);
      Files.writeString(h.resolve("etc/containerd/base-runtime-spec.json"),
          Exec.run(Duration.ofSeconds(60), List.of(binaries.ctr().toString(), "oci", "spec")).orThrow());
      Path nodeadm = Files.writeString(h.resolve("usr/bin/nodeadm"), NODEADM);
      Files.setPosixFilePermissions(nodeadm, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(h.resolve(CONFIG.substring(1)), config(h, binaries.series()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the AL2023 host root " + h + ": " + e.getMessage(), e);
    }
  }

  static String config(Path h, Series series) {
    return (series.configVersion() == 3 ? CONFIG_V3 : CONFIG_V2).formatted(h, TestImages.PAUSE_REF);
  }

  /**
   * The runsc binaries on the daemon's PATH outside {@code /usr/local} (which is {@code H}'s), to be masked so
   * that a pod can only use what was installed into {@code H}.
   */
  static List<String> otherRunscOnPath(ContainerdBinaries binaries) {
    List<String> dirs = new ArrayList<>(List.of(binaries.binDir().toString()));
    dirs.addAll(NamespaceLaunch.SYSTEM_PATH);
    return runscOutsideUsrLocal(dirs);
  }

  /** The runsc binaries in these PATH dirs, but not in {@code /usr/local/...}. */
  static List<String> runscOutsideUsrLocal(List<String> dirs) {
    Set<String> found = new LinkedHashSet<>();
    for (String d : dirs) {
      if (d.equals("/usr/local") || d.startsWith("/usr/local/")) {
        continue;
      }
      for (String b : RUNSC_BINARIES) {
        Path p = Path.of(d, b);
        if (Files.exists(p)) {
          found.add(p.toString());
        }
      }
    }
    return List.copyOf(found);
  }
}
