package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoes what {@link RuntimeEntryEditor} did, step by step in reverse, and only that: inserted text is
 * removed where it still stands as written (else the entries it defined are removed by key path, with
 * whatever the host added since around them kept); replaced values are restored where they still hold the
 * installer's value. Anything changed by someone else since is kept and reported.
 */
public final class RuntimeEntryRemover {
  private RuntimeEntryRemover() {
  }

  public static ConfigEdit undo(ConfigDocument current, List<UndoStep> steps) {
    String text = current.text();
    List<String> changes = new ArrayList<>();
    List<List<String>> removed = new ArrayList<>();
    Map<List<String>, String> restored = new LinkedHashMap<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      UndoStep step = steps.get(i);
      ConfigDocument doc = ConfigDocument.parse(text, "the containerd config");
      if (step.kind().equals("INSERT")) {
        text = removeInsert(doc, step, changes);
        removed.addAll(step.paths());
      } else {
        text = restoreValue(doc, step, changes, restored);
      }
    }
    EditVerifier.proveRemoved(current, text, removed, restored);
    return new ConfigEdit(current.text(), text, List.copyOf(changes), List.of());
  }

  private static String removeInsert(ConfigDocument doc, UndoStep step, List<String> changes) {
    String text = doc.text();
    int at = text.indexOf(step.text());
    if (at >= 0 && text.indexOf(step.text(), at + 1) < 0) {
      step.paths().forEach(p -> changes.add("removed " + KeyPaths.display(p)));
      return text.substring(0, at) + text.substring(at + step.text().length());
    }
    TextEdits edits = new TextEdits();
    List<List<String>> inline = new ArrayList<>();
    List<Stmt> stmts = doc.stmts();
    for (List<String> path : step.paths()) {
      boolean found = false;
      for (int i = 0; i < stmts.size(); i++) {
        Stmt st = stmts.get(i);
        if (st.kind() == Stmt.Kind.TABLE && KeyPaths.startsWith(st.key(), path)) {
          int end = new DocIndex(doc).bodyEnd(st);
          int start = i > 0 && isBlank(stmts.get(i - 1)) ? stmts.get(i - 1).start() : st.start();
          edits.replace(start, end, "");
          found = true;
        } else if (st.kind() == Stmt.Kind.KEY_VALUE && st.table().size() < path.size()
            && KeyPaths.startsWith(st.path(), path)) {
          edits.replace(st.start(), st.end(), "");
          found = true;
        }
      }
      if (!found && new DocIndex(doc).inlineOver(path) != null) {
        inline.add(path); // cut one by one below: cuts in one inline table would overlap
        continue;
      }
      changes.add(found ? "removed " + KeyPaths.display(path) + " (the file was edited since install; kept the rest)"
          : KeyPaths.display(path) + " was already gone");
    }
    String out = edits.applyTo(text);
    for (List<String> path : inline) {
      String cut = cutFromInline(ConfigDocument.parse(out, "the containerd config"), path);
      changes.add(cut != null ? "removed " + KeyPaths.display(path) + " (the file was edited since install; kept the rest)"
          : KeyPaths.display(path) + " was already gone");
      out = cut != null ? cut : out;
    }
    return out;
  }

  /** The text without an entry written inside an inline table (its comma too), or null if it is not there. */
  private static String cutFromInline(ConfigDocument doc, List<String> path) {
    Stmt over = new DocIndex(doc).inlineOver(path);
    if (over == null || !InlineTable.startsAt(doc.text(), over.valueStart())) {
      return null;
    }
    int[] cut = InlineTable.entryCut(doc.text(), over.valueStart(), path.subList(over.path().size(), path.size()));
    return cut == null ? null : doc.text().substring(0, cut[0]) + doc.text().substring(cut[1]);
  }

  private static boolean isBlank(Stmt st) {
    return st.kind() == Stmt.Kind.TRIVIA && st.indent().length() == st.end() - st.start() - 1;
  }

  private static String restoreValue(ConfigDocument doc, UndoStep step, List<String> changes,
                                     Map<List<String>, String> restored) {
    List<String> path = step.paths().get(0);
    int[] span = new DocIndex(doc).valueSpan(path);
    if (span == null) {
      changes.add(KeyPaths.display(path) + " is gone; nothing to restore");
      return doc.text();
    }
    String now = doc.text().substring(span[0], span[1]);
    if (!now.equals(step.after())) {
      changes.add("kept " + KeyPaths.display(path) + " = " + now + ": changed by someone else since install");
      return doc.text();
    }
    ConfigDocument probe = ConfigDocument.parse(KeyPaths.dotted(List.of("v"), '"') + " = " + step.before(), "backup");
    restored.put(path, String.valueOf(probe.toml().get(List.of("v"))));
    changes.add("restored " + KeyPaths.display(path) + " to " + step.before());
    return doc.text().substring(0, span[0]) + step.before() + doc.text().substring(span[1]);
  }
}
