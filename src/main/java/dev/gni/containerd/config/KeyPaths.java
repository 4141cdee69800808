package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.List;

/** Small helpers for TOML key paths (lists of key segments) and for writing keys back as text. */
final class KeyPaths {
  private static final java.util.regex.Pattern BARE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

  private KeyPaths() {
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  static List<String> concat(List<String> a, String... more) {
    return concat(a, List.of(more));
  }

  static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  /** Writes one key segment: bare if it can be, else quoted with the preferred quote character. */
  static String segment(String key, char quote) {
    if (BARE.matcher(key).matches()) {
      return key;
    }
    if (quote == '\'' && key.indexOf('\'') < 0) {
      return "'" + key + "'";
    }
    return "\"" + TomlValues.escapeBasic(key) + "\"";
  }

  static String dotted(List<String> path, char quote) {
    StringBuilder sb = new StringBuilder();
    for (String s : path) {
      sb.append(sb.length() == 0 ? "" : ".").append(segment(s, quote));
    }
    return sb.toString();
  }

  static String display(List<String> path) {
    return dotted(path, '"');
  }
}
