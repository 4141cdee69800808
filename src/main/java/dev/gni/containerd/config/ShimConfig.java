package dev.gni.containerd.config;

import java.util.Map;

/**
 * The gVisor shim's config file ({@code runsc.toml}), which the runtime's {@code options.ConfigPath}
 * points at. {@code binary_name} is the absolute path of the runsc of the installed release: the shim reads
 * it when a container is created and keeps it for that container's life, so a container started before an
 * upgrade is still exec'd into, measured, stopped and deleted by the runsc that started it (without it the
 * shim runs whatever {@code runsc} is first on its PATH at each call; measured in docs/operations.md,
 * "Upgrades"). {@code [runsc_config]} holds the runsc flags, each becoming {@code --key=value}.
 */
public final class ShimConfig {
  public static final String DEFAULT_PATH = "/etc/containerd/runsc.toml";

  private ShimConfig() {
  }

  /** @param runscPath the host path of the release's runsc, e.g. /opt/gvisor-node-installer/releases/ID/runsc */
  public static String render(String runscPath, Map<String, String> runscFlags) {
    StringBuilder sb = new StringBuilder()
        .append("# Written by gvisor-node-installer; re-run install to change it (runsc flags: --runsc-flag).\n")
        .append("# binary_name: the runsc of the release installed when a container starts; the container keeps it.\n")
        .append("binary_name = ").append(TomlValues.string(runscPath, '"')).append('\n');
    if (!runscFlags.isEmpty()) {
      sb.append("[runsc_config]\n");
      runscFlags.forEach((k, v) -> sb.append("  ").append(KeyPaths.segment(k, '"')).append(" = ")
          .append(TomlValues.string(v, '"')).append('\n'));
    }
    String text = sb.toString();
    ConfigDocument.parse(text, "runsc.toml");
    return text;
  }
}
