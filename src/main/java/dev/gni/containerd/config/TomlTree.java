package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** A parsed TOML document as plain, comparable Java values (sorted maps, lists, scalars). */
public final class TomlTree {
  private TomlTree() {
  }

  public static Map<String, Object> of(TomlTable table) {
    Map<String, Object> m = new TreeMap<>();
    for (String key : table.keySet()) {
      m.put(key, plain(table.get(List.of(key))));
    }
    return m;
  }

  private static Object plain(Object v) {
    if (v instanceof TomlTable t) {
      return of(t);
    }
    if (v instanceof TomlArray a) {
      List<Object> l = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        l.add(plain(a.get(i)));
      }
      return l;
    }
    return v;
  }

  /** Sets a leaf, creating the tables on the way. */
  @SuppressWarnings("unchecked")
  public static void put(Map<String, Object> root, List<String> path, Object value) {
    Map<String, Object> m = root;
    for (String k : path.subList(0, path.size() - 1)) {
      m = (Map<String, Object>) m.computeIfAbsent(k, x -> new TreeMap<String, Object>());
    }
    m.put(path.get(path.size() - 1), value);
  }

  /** Removes the value at the path, if there, and then any table it leaves empty on the way up. */
  @SuppressWarnings("unchecked")
  public static void remove(Map<String, Object> root, List<String> path) {
    if (path.isEmpty()) {
      return;
    }
    Object child = root.get(path.get(0));
    if (path.size() == 1) {
      root.remove(path.get(0));
    } else if (child instanceof Map<?, ?> m) {
      remove((Map<String, Object>) m, path.subList(1, path.size()));
    }
  }

  @SuppressWarnings("unchecked")
  public static Object get(Map<String, Object> root, List<String> path) {
    Object cur = root;
    for (String k : path) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = ((Map<String, Object>) m).get(k);
    }
    return cur;
  }
}
