package dev.gni.containerd.config;

import java.util.List;

/**
 * The containerd config {@code version} header as data: where each version keeps the CRI runtimes table.
 * Any quoting style names the same key, since paths here are parsed key segments.
 */
public enum ConfigSchema {
  V1(1, List.of("plugins", "cri")),
  V2(2, List.of("plugins", "io.containerd.grpc.v1.cri")),
  V3(3, List.of("plugins", "io.containerd.cri.v1.runtime"));

  private final int version;
  private final List<String> criPlugin;

  ConfigSchema(int version, List<String> criPlugin) {
    this.version = version;
    this.criPlugin = criPlugin;
  }

  public int version() {
    return version;
  }

  public List<String> criPlugin() {
    return criPlugin;
  }

  public List<String> runtimesPath() {
    return KeyPaths.concat(criPlugin, "containerd", "runtimes");
  }

  public List<String> defaultRuntimeNamePath() {
    return KeyPaths.concat(criPlugin, "containerd", "default_runtime_name");
  }

  /** The quote character containerd itself uses for this version's plugin keys. */
  char preferredQuote() {
    return this == V3 ? '\'' : '"';
  }

  public static ConfigSchema of(long version) {
    for (ConfigSchema s : values()) {
      if (s.version == version) {
        return s;
      }
    }
    throw new ConfigRefusedException("containerd config version " + version + " is not known (expected 1, 2 or 3)");
  }
}
