package dev.gni.containerd.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CRI runtime entry to have under {@code containerd.runtimes}: the handler name and the values of its
 * leaves, in the order they are written ({@code runtime_type} first, then {@code options.*}).
 */
public record RuntimeSpec(String name, Map<List<String>, String> leaves) {
  public static final String RUNSC_TYPE = "io.containerd.runsc.v1";
  public static final String RUNSC_OPTIONS_TYPE = "io.containerd.runsc.v1.options";
  public static final String RUNC_TYPE = "io.containerd.runc.v2";

  /** The gVisor entry; with a shim config path the options point the shim at runsc.toml. */
  public static RuntimeSpec runsc(String name, String shimConfigPath) {
    Map<List<String>, String> m = new LinkedHashMap<>();
    m.put(List.of("runtime_type"), RUNSC_TYPE);
    if (shimConfigPath != null) {
      m.put(List.of("options", "TypeUrl"), RUNSC_OPTIONS_TYPE);
      m.put(List.of("options", "ConfigPath"), shimConfigPath);
    }
    return new RuntimeSpec(name, Map.copyOf(m).isEmpty() ? m : java.util.Collections.unmodifiableMap(m));
  }

  /**
   * containerd 1.x's built-in runc entry, written when adding a runtimes table would otherwise drop it.
   * {@code sandbox_mode} is the 1.7 default (1.6 ignores the key).
   */
  public static RuntimeSpec builtInRunc() {
    Map<List<String>, String> m = new LinkedHashMap<>();
    m.put(List.of("runtime_type"), RUNC_TYPE);
    m.put(List.of("sandbox_mode"), "podsandbox");
    return new RuntimeSpec("runc", java.util.Collections.unmodifiableMap(m));
  }
}
