package dev.gni.containerd.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlTable;

/**
 * A runtime entry as standalone TOML tables, for text the installer writes whole rather than edits in place:
 * the part appended to a k3s/rke2 config template, and the inline config of a nodeadm NodeConfig.
 */
public final class RuntimeTables {
  private RuntimeTables() {
  }

  /** {@code [<runtimes>.<name>]} with runtime_type, then {@code [<runtimes>.<name>.options]} when there are options. */
  public static String render(ConfigSchema schema, RuntimeSpec spec) {
    List<String> entry = KeyPaths.concat(schema.runtimesPath(), spec.name());
    Map<List<String>, Map<String, String>> byTable = new LinkedHashMap<>();
    spec.leaves().forEach((leaf, value) -> byTable
        .computeIfAbsent(KeyPaths.concat(entry, leaf.subList(0, leaf.size() - 1)), k -> new LinkedHashMap<>())
        .put(leaf.get(leaf.size() - 1), value));
    StringBuilder sb = new StringBuilder();
    byTable.forEach((table, keys) -> {
      sb.append('[').append(KeyPaths.dotted(table, '"')).append("]\n");
      keys.forEach((k, v) -> sb.append("  ").append(KeyPaths.segment(k, '"')).append(" = ")
          .append(TomlValues.string(v, '"')).append('\n'));
    });
    return sb.toString();
  }

  /** True when the parsed config defines every leaf of the spec, with the spec's values. */
  public static boolean carries(TomlTable toml, ConfigSchema schema, RuntimeSpec spec) {
    List<String> entry = KeyPaths.concat(schema.runtimesPath(), spec.name());
    return spec.leaves().entrySet().stream()
        .allMatch(e -> e.getValue().equals(toml.get(KeyPaths.concat(entry, e.getKey()))));
  }

  /** True when the parsed config defines the runtime entry at all. */
  public static boolean defines(TomlTable toml, ConfigSchema schema, String name) {
    return toml.get(KeyPaths.concat(schema.runtimesPath(), name)) != null;
  }
}
