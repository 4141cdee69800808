package dev.gni.containerd.config;

import java.util.List;

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
  /** Immutable key paths, so that a step compares by value and cannot change once recorded. */
  public UndoStep {
    paths = paths == null ? List.of() : paths.stream().map(List::copyOf).toList();
  }

  public static UndoStep insert(String text, List<List<String>> paths) {
    return new UndoStep("INSERT", text, paths, null, null);
  }

  public static UndoStep replace(List<String> path, String before, String after) {
    return new UndoStep("REPLACE", null, List.of(path), before, after);
  }
}
