package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds (or brings to the desired state) CRI runtime entries in a containerd config with the smallest
 * textual change: new entries go right after the existing runtimes, in the file's own indentation and
 * quoting; an existing entry gets only its differing values replaced or its missing keys added. Nothing
 * else in the file is touched. The result is re-parsed and proven by {@link EditVerifier}.
 */
public final class RuntimeEntryEditor {
  private final ConfigDocument doc;
  private final ConfigSchema schema;
  private final DocIndex index;
  private final Layout layout;
  private final String text;
  private final TextEdits edits = new TextEdits();
  private final List<String> changes = new ArrayList<>();
  private final List<UndoStep> undo = new ArrayList<>();

  private RuntimeEntryEditor(ConfigDocument doc) {
    this.doc = doc;
    this.schema = doc.schema();
    this.index = new DocIndex(doc);
    this.layout = Layout.of(doc, schema);
    this.text = doc.text();
  }

  /** Plans the change that makes every spec present; throws {@link ConfigRefusedException} if it cannot. */
  public static ConfigEdit apply(ConfigDocument doc, List<RuntimeSpec> specs) {
    return new RuntimeEntryEditor(doc).run(specs);
  }

  private ConfigEdit run(List<RuntimeSpec> specs) {
    List<String> runtimes = schema.runtimesPath();
    Map<List<String>, String> expected = new LinkedHashMap<>();
    List<RuntimeSpec> missing = new ArrayList<>();
    InlineEdits inline = new InlineEdits(doc, layout.quote(), edits, changes, undo);
    for (RuntimeSpec spec : specs) {
      List<String> entry = KeyPaths.concat(runtimes, spec.name());
      Map<Stmt, Map<List<String>, String>> underInline = new LinkedHashMap<>();
      Map<List<String>, String> plain = new LinkedHashMap<>();
      spec.leaves().forEach((leaf, v) -> {
        List<String> path = KeyPaths.concat(entry, leaf);
        expected.put(path, v);
        Stmt over = index.inlineOver(path);
        if (over != null) {
          underInline.computeIfAbsent(over, k -> new LinkedHashMap<>()).put(path, v);
        } else {
          plain.put(leaf, v);
        }
      });
      underInline.forEach(inline::apply);
      if (plain.isEmpty()) {
        continue;
      }
      if (doc.toml().get(entry) == null) {
        missing.add(spec);
      } else {
        updateExisting(entry, plain);
      }
    }
    inline.flush();
    if (!missing.isEmpty()) {
      insertEntries(runtimes, missing);
    }
    String after = edits.applyTo(text);
    EditVerifier.proveAdded(doc, after, expected);
    return new ConfigEdit(text, after, List.copyOf(changes), List.copyOf(undo));
  }

  private void updateExisting(List<String> entry, Map<List<String>, String> leaves) {
    Map<List<String>, Map<String, String>> absentByTable = new LinkedHashMap<>();
    leaves.forEach((leaf, value) -> {
      List<String> path = KeyPaths.concat(entry, leaf);
      Stmt kv = index.keyValue(path);
      if (kv == null) {
        absentByTable.computeIfAbsent(path.subList(0, path.size() - 1), k -> new LinkedHashMap<>())
            .put(path.get(path.size() - 1), value);
        return;
      }
      if (value.equals(doc.toml().get(path))) {
        return;
      }
      String before = index.valueText(kv);
      char q = before.startsWith("'") ? '\'' : before.startsWith("\"") ? '"' : layout.quote();
      String after = TomlValues.string(value, q);
      edits.replace(kv.valueStart(), kv.valueEnd(), after);
      undo.add(UndoStep.replace(path, before, after));
      changes.add("changed " + KeyPaths.display(path) + " from " + before + " to " + after);
    });
    absentByTable.forEach((table, keys) -> addKeys(entry, table, keys));
  }

  private void addKeys(List<String> entry, List<String> table, Map<String, String> keys) {
    Stmt header = index.header(table);
    List<List<String>> paths = new ArrayList<>();
    keys.keySet().forEach(k -> paths.add(KeyPaths.concat(table, k)));
    if (header != null) {
      String indent = index.keyIndent(header, layout);
      StringBuilder sb = new StringBuilder();
      keys.forEach((k, v) -> sb.append(indent).append(line(List.of(k), v)));
      insertAt(index.bodyEnd(header), sb.toString(), false, paths);
      return;
    }
    Stmt dotted = index.lastDottedUnder(table);
    if (dotted == null) {
      dotted = index.lastDottedUnder(entry);
    }
    if (dotted != null) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : keys.entrySet()) {
        List<String> rel = KeyPaths.concat(table, e.getKey()).subList(dotted.table().size(), table.size() + 1);
        sb.append(dotted.indent()).append(line(rel, e.getValue()));
      }
      insertAt(dotted.end(), sb.toString(), false, paths);
      return;
    }
    Stmt anchor = index.lastHeaderUnder(entry);
    Stmt entryHeader = index.header(entry);
    String hi = (entryHeader == null ? anchor.indent() : entryHeader.indent()) + layout.nestUnit();
    String raw = DocIndex.rawPrefix(anchor.rawKey(), entry.size()) + "."
        + KeyPaths.dotted(table.subList(entry.size(), table.size()), index.headerQuote(schema.preferredQuote()));
    StringBuilder sb = new StringBuilder(hi).append('[').append(raw).append("]\n");
    keys.forEach((k, v) -> sb.append(hi).append(layout.keyUnit()).append(line(List.of(k), v)));
    insertAt(index.bodyEnd(anchor), sb.toString(), false, paths);
  }

  private void insertEntries(List<String> runtimes, List<RuntimeSpec> specs) {
    Stmt dotted = index.lastDottedUnder(runtimes);
    List<List<String>> paths = new ArrayList<>();
    specs.forEach(s -> paths.add(KeyPaths.concat(runtimes, s.name())));
    if (dotted != null) {
      StringBuilder sb = new StringBuilder();
      for (RuntimeSpec spec : specs) {
        List<String> entry = KeyPaths.concat(runtimes, spec.name());
        spec.leaves().forEach((leaf, v) -> sb.append(dotted.indent())
            .append(line(KeyPaths.concat(entry, leaf).subList(dotted.table().size(), entry.size() + leaf.size()), v)));
      }
      insertAt(dotted.end(), sb.toString(), false, paths);
      return;
    }
    new EntryBlock(doc, index, layout, schema).insert(runtimes, specs, this::insertBlock);
  }

  private void insertBlock(int offset, String block, List<String> names) {
    List<List<String>> paths = new ArrayList<>();
    names.forEach(n -> paths.add(KeyPaths.concat(schema.runtimesPath(), n)));
    insertAt(offset, block, !text.isEmpty(), paths);
  }

  /** Inserts at an offset; at an end of file without a newline, keeps the file ending without one. */
  private void insertAt(int offset, String block, boolean blankLineBefore, List<List<String>> paths) {
    String ins;
    if (offset == text.length() && !text.isEmpty() && !text.endsWith("\n")) {
      ins = "\n" + (blankLineBefore ? "\n" : "") + block.substring(0, block.length() - 1);
    } else {
      ins = (blankLineBefore ? "\n" : "") + block;
    }
    ins = Layout.withLineEnding(ins, Layout.lineEnding(text));
    edits.insert(offset, ins);
    undo.add(UndoStep.insert(ins, paths));
    paths.forEach(p -> changes.add("added " + KeyPaths.display(p)));
  }

  private String line(List<String> key, String value) {
    return KeyPaths.dotted(key, layout.quote()) + " = " + TomlValues.string(value, layout.quote()) + "\n";
  }
}
