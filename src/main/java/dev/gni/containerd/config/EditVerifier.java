package dev.gni.containerd.config;

import java.util.List;
import java.util.Map;

/**
 * Proves an edit by meaning, not by text: the edited document, parsed again by tomlj, must equal the
 * original plus the intended values (or minus the removed entries), and nothing else. A failure here is
 * a bug in the editor; the file on the host has not been touched yet when it is thrown.
 */
final class EditVerifier {
  private EditVerifier() {
  }

  static void proveAdded(ConfigDocument before, String afterText, Map<List<String>, String> intended) {
    ConfigDocument after = reparse(afterText);
    Map<String, Object> expected = TomlTree.of(before.toml());
    intended.forEach((path, value) -> TomlTree.put(expected, path, value));
    compare(expected, TomlTree.of(after.toml()));
  }

  static void proveRemoved(ConfigDocument before, String afterText, List<List<String>> removed,
                           Map<List<String>, String> restored) {
    ConfigDocument after = reparse(afterText);
    Map<String, Object> expected = TomlTree.of(before.toml());
    removed.forEach(path -> TomlTree.remove(expected, path));
    restored.forEach((path, value) -> TomlTree.put(expected, path, value));
    Map<String, Object> actual = TomlTree.of(after.toml());
    pruneEmptyUnder(expected, actual, removed);
    compare(expected, actual);
  }

  /** Removing an entry may leave its (now empty) parent table present or absent; both mean the same. */
  private static void pruneEmptyUnder(Map<String, Object> expected, Map<String, Object> actual,
                                      List<List<String>> removed) {
    for (List<String> path : removed) {
      for (int n = path.size() - 1; n > 0; n--) {
        List<String> parent = path.subList(0, n);
        for (Map<String, Object> m : List.of(expected, actual)) {
          if (TomlTree.get(m, parent) instanceof Map<?, ?> t && t.isEmpty()) {
            TomlTree.remove(m, parent);
          }
        }
      }
    }
  }

  private static ConfigDocument reparse(String text) {
    try {
      return ConfigDocument.parse(text, "the edited config");
    } catch (InvalidConfigException e) {
      throw new IllegalStateException("internal error: the edit would write invalid TOML (" + e.getMessage()
          + "); nothing was written", e);
    }
  }

  private static void compare(Map<String, Object> expected, Map<String, Object> actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("internal error: the edited config does not mean what was intended"
          + " (expected " + expected + ", got " + actual + "); nothing was written");
    }
  }
}
