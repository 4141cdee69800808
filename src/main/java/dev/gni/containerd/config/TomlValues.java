package dev.gni.containerd.config;

/** Writes TOML scalar values as text. */
final class TomlValues {
  private TomlValues() {
  }

  static String string(String value, char quote) {
    if (quote == '\'' && value.indexOf('\'') < 0 && value.indexOf('\n') < 0) {
      return "'" + value + "'";
    }
    return "\"" + escapeBasic(value) + "\"";
  }

  static String escapeBasic(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
