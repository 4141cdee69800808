package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings runtime leaves that fall inside an inline table (e.g. {@code runtimes = { runc = {...} }}) to the
 * desired values with the smallest change: a missing key is added before the inline table's closing brace
 * (all new keys of one table in one insertion), a differing value is replaced in place, an existing nested
 * inline table is edited inside. Refused only where TOML has no such edit: a key on the way that holds a
 * value which is not a table, or a leaf that the file defines as a table.
 */
final class InlineEdits {
  private record Pending(InlineTable table, List<String> texts, List<List<String>> paths) {
  }

  private final ConfigDocument doc;
  private final String text;
  private final char quote;
  private final TextEdits edits;
  private final List<String> changes;
  private final List<UndoStep> undo;
  private final Map<Integer, Pending> pending = new LinkedHashMap<>();
  private static final String NOT_TABLE = "is written as a value that is not a table";

  InlineEdits(ConfigDocument doc, char quote, TextEdits edits, List<String> changes, List<UndoStep> undo) {
    this.doc = doc;
    this.text = doc.text();
    this.quote = quote;
    this.edits = edits;
    this.changes = changes;
    this.undo = undo;
  }

  /** @param kv a key-value whose path is a proper prefix of every leaf; leaves are absolute paths */
  void apply(Stmt kv, Map<List<String>, String> leaves) {
    if (!InlineTable.startsAt(text, kv.valueStart())) {
      throw refused(kv.path(), leaves.keySet().iterator().next(), kv.line(), NOT_TABLE);
    }
    descend(InlineTable.at(text, kv.valueStart()), kv.path(), leaves, kv.line());
  }

  private void descend(InlineTable t, List<String> base, Map<List<String>, String> leaves, int line) {
    Map<InlineTable.Entry, Map<List<String>, String>> into = new LinkedHashMap<>();
    Map<List<String>, Map<List<String>, String>> fresh = new LinkedHashMap<>();
    leaves.forEach((leaf, value) -> {
      List<String> rel = leaf.subList(base.size(), leaf.size());
      InlineTable.Entry e = t.covering(rel);
      if (e != null && e.key().size() == rel.size()) {
        replace(e, leaf, value);
      } else if (e != null && InlineTable.startsAt(text, e.valueStart())) {
        into.computeIfAbsent(e, k -> new LinkedHashMap<>()).put(leaf, value);
      } else if (e != null) {
        throw refused(KeyPaths.concat(base, e.key()), leaf, line, NOT_TABLE);
      } else {
        int j = 1;
        while (j <= rel.size() && t.definesUnder(rel.subList(0, j))) {
          j++;
        }
        if (j > rel.size()) {
          throw refused(leaf, leaf, line, "is a table there (dotted keys), not a value");
        }
        fresh.computeIfAbsent(rel.subList(0, j), k -> new LinkedHashMap<>()).put(rel.subList(j, rel.size()), value);
      }
    });
    into.forEach((e, m) -> descend(InlineTable.at(text, e.valueStart()), KeyPaths.concat(base, e.key()), m, line));
    fresh.forEach((key, sub) -> {
      Pending p = pending.computeIfAbsent(t.open(), k -> new Pending(t, new ArrayList<>(), new ArrayList<>()));
      p.texts().add(KeyPaths.dotted(key, quote) + " = " + render(sub));
      p.paths().add(KeyPaths.concat(base, key));
    });
  }

  private void replace(InlineTable.Entry e, List<String> leaf, String value) {
    if (value.equals(doc.toml().get(leaf))) {
      return;
    }
    String before = text.substring(e.valueStart(), e.valueEnd());
    char q = before.startsWith("'") ? '\'' : before.startsWith("\"") ? '"' : quote;
    String after = TomlValues.string(value, q);
    edits.replace(e.valueStart(), e.valueEnd(), after);
    undo.add(UndoStep.replace(leaf, before, after));
    changes.add("changed " + KeyPaths.display(leaf) + " from " + before + " to " + after);
  }

  /** Writes the new keys of each inline table: after its last value, or inside an empty one. */
  void flush() {
    pending.values().forEach(p -> {
      InlineTable t = p.table();
      String joined = String.join(", ", p.texts());
      int at;
      String ins;
      if (t.entries().isEmpty()) {
        at = t.close();
        ins = (t.close() == t.open() + 1 ? " " : "") + joined + " ";
      } else {
        at = t.entries().get(t.entries().size() - 1).valueEnd();
        ins = ", " + joined;
      }
      edits.insert(at, ins);
      undo.add(UndoStep.insert(ins, List.copyOf(p.paths())));
      p.paths().forEach(path -> changes.add("added " + KeyPaths.display(path)));
    });
  }

  /** A nested inline table of the leaves (relative paths; a single empty path is the value itself). */
  private String render(Map<List<String>, String> sub) {
    if (sub.size() == 1 && sub.keySet().iterator().next().isEmpty()) {
      return TomlValues.string(sub.values().iterator().next(), quote);
    }
    Map<String, Map<List<String>, String>> byFirst = new LinkedHashMap<>();
    sub.forEach((rel, v) -> byFirst.computeIfAbsent(rel.get(0), k -> new LinkedHashMap<>())
        .put(rel.subList(1, rel.size()), v));
    List<String> parts = new ArrayList<>();
    byFirst.forEach((k, m) -> parts.add(KeyPaths.segment(k, quote) + " = " + render(m)));
    return "{ " + String.join(", ", parts) + " }";
  }

  private static ConfigRefusedException refused(List<String> at, List<String> leaf, int line, String why) {
    return new ConfigRefusedException("line " + line + ": " + KeyPaths.display(at) + " " + why + ", so "
        + KeyPaths.display(leaf) + " cannot be set inside the inline table; fix it or add the runtime by hand");
  }
}
