package dev.gni.containerd.config;

import java.util.Map;

/**
 * The gVisor shim's config file ({@code runsc.toml}), which the runtime's {@code options.ConfigPath}
 * points at: {@code [runsc_config]} holds the runsc flags, each becoming {@code --key=value}.
 */
public final class ShimConfig {
  public static final String DEFAULT_PATH = "/etc/containerd/runsc.toml";

  private ShimConfig() {
  }

  public static String render(Map<String, String> runscFlags) {
    StringBuilder sb = new StringBuilder()
        .append("# Written by gvisor-node-installer from --runsc-flag; re-run install to change it.\n")
        .append("[runsc_config]\n");
    runscFlags.forEach((k, v) -> sb.append("  ").append(KeyPaths.segment(k, '"')).append(" = ")
        .append(TomlValues.string(v, '"')).append('\n'));
    String text = sb.toString();
    ConfigDocument.parse(text, "runsc.toml");
    return text;
  }
}
