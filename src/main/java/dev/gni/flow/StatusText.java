package dev.gni.flow;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The status map as a person reads it, the way {@code kubectl describe} prints: one "Key:  value" per line,
 * the values of a level aligned, a nested map under its key indented by two spaces (a list of records: each
 * record's block in turn), other lists joined by commas,
 * no braces. Field names become words ({@code runtimeReady} is "Runtime Ready"); other keys (host paths)
 * are printed as they are. {@code --output json} does not come through here.
 */
final class StatusText {
  private static final Pattern FIELD = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final String INDENT = "  ";

  private StatusText() {
  }

  /** A map of the fields in the order given (Map.of has no stable order, and a person reads in order). */
  static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static String render(Map<String, ?> status) {
    StringBuilder sb = new StringBuilder();
    level(sb, status, "");
    return sb.toString();
  }

  private static void level(StringBuilder sb, Map<String, ?> m, String indent) {
    int width = 0;
    for (String k : m.keySet()) {
      width = Math.max(width, label(k).length() + 1);
    }
    for (Map.Entry<String, ?> e : m.entrySet()) {
      String key = label(e.getKey()) + ":";
      Object v = e.getValue();
      if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
        sb.append(indent).append(key).append('\n');
        @SuppressWarnings("unchecked")
        Map<String, ?> child = (Map<String, ?>) sub;
        level(sb, child, indent + INDENT);
      } else if (v instanceof Collection<?> items && !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map<?, ?>)) {
        sb.append(indent).append(key).append('\n'); // a list of records: each one a block under the key
        for (Object item : items) {
          @SuppressWarnings("unchecked")
          Map<String, ?> child = (Map<String, ?>) item;
          level(sb, child, indent + INDENT);
        }
      } else {
        sb.append(indent).append(key).append(" ".repeat(width - key.length() + 2)).append(scalar(v)).append('\n');
      }
    }
  }

  private static String scalar(Object v) {
    if (v == null || v instanceof Map<?, ?> || v instanceof Collection<?> c && c.isEmpty()) {
      return "<none>";
    }
    if (v instanceof Collection<?> c) {
      return String.join(", ", c.stream().map(String::valueOf).toList());
    }
    return String.valueOf(v);
  }

  /** {@code configPath} -> "Config Path"; a key that is not a field name (a path) stays as written. */
  static String label(String key) {
    if (!FIELD.matcher(key).matches()) {
      return key;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (i == 0) {
        sb.append(Character.toUpperCase(c));
      } else if (Character.isUpperCase(c) && !Character.isUpperCase(key.charAt(i - 1))) {
        sb.append(' ').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
