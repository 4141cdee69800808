package dev.gni.containerd.config;

import java.util.List;
import java.util.Objects;

/**
 * One change install made to a config file, recorded so that uninstall can undo exactly it.
 *
 * @param kind   {@code INSERT}: {@code text} was added and defines {@code paths}; {@code REPLACE}: the value at
 *               {@code paths[0]} was {@code before} and became {@code after}
 * @param text   the exact inserted text (INSERT)
 * @param paths  the key paths the change defines or touches
 * @param before the value text before (REPLACE)
 * @param after  the value text after (REPLACE)
 */
public record UndoStep(String kind, String text, List<List<String>> paths, String before, String after) {
  // equals/hashCode written out: a record's generated ones bootstrap method handles on first use, which cost
  // a short-lived JVM ~20 ms (docs/performance.md)
  @Override
  public boolean equals(Object o) {
    return o instanceof UndoStep u && Objects.equals(kind, u.kind) && Objects.equals(text, u.text)
        && Objects.equals(paths, u.paths) && Objects.equals(before, u.before) && Objects.equals(after, u.after);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, text, paths, before, after);
  }

  public static UndoStep insert(String text, List<List<String>> paths) {
    return new UndoStep("INSERT", text, paths, null, null);
  }

  public static UndoStep replace(List<String> path, String before, String after) {
    return new UndoStep("REPLACE", null, List.of(path), before, after);
  }
}
