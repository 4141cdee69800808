package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes new runtime entries as [table] sections and finds where they go: after the last table under the
 * runtimes table, else after the nearest existing ancestor table, else at the end of the file. Header
 * spelling follows the neighbouring header (quotes kept), indentation follows the file's nesting.
 */
final class EntryBlock {
  interface Sink {
    void insert(int offset, String block, List<String> names);
  }

  private final ConfigDocument doc;
  private final DocIndex index;
  private final Layout layout;
  private final ConfigSchema schema;

  EntryBlock(ConfigDocument doc, DocIndex index, Layout layout, ConfigSchema schema) {
    this.doc = doc;
    this.index = index;
    this.layout = layout;
    this.schema = schema;
  }

  void insert(List<String> runtimes, List<RuntimeSpec> specs, Sink sink) {
    Stmt anchor = null;
    int n = runtimes.size();
    for (; n >= schema.criPlugin().size(); n--) {
      anchor = index.lastHeaderUnder(runtimes.subList(0, n));
      if (anchor != null) {
        break;
      }
    }
    char quote = index.headerQuote(schema.preferredQuote());
    String raw;
    String indent;
    if (anchor == null) {
      raw = KeyPaths.dotted(runtimes, quote);
      indent = "";
    } else if (n == runtimes.size() && anchor.key().size() > runtimes.size()) {
      raw = DocIndex.rawPrefix(anchor.rawKey(), runtimes.size());
      Stmt sibling = index.header(anchor.key().subList(0, runtimes.size() + 1));
      indent = sibling != null ? sibling.indent()
          : dedent(anchor.indent(), layout.nestUnit().length() * (anchor.key().size() - runtimes.size() - 1));
    } else {
      // The anchor is the last table under the deepest present ancestor of the runtimes path: that ancestor
      // itself, or one of its sub-tables off the path (Debian's cri.cni, v1's containerd.default_runtime).
      // The new header spells the ancestor as written and the rest of the path in the file's quoting.
      String rest = KeyPaths.dotted(runtimes.subList(n, runtimes.size()), quote);
      raw = DocIndex.rawPrefix(anchor.rawKey(), n) + (rest.isEmpty() ? "" : "." + rest);
      Stmt ancestor = index.header(runtimes.subList(0, n));
      String base = ancestor != null ? ancestor.indent()
          : dedent(anchor.indent(), layout.nestUnit().length() * (anchor.key().size() - n));
      indent = base + layout.nestUnit().repeat(runtimes.size() + 1 - n);
    }
    String keyIndent = indent + layout.keyUnit();
    Stmt siblingHeader = anchor == null || n < runtimes.size() || anchor.key().size() <= runtimes.size() ? null
        : index.header(anchor.key().subList(0, runtimes.size() + 1));
    if (siblingHeader != null) {
      keyIndent = index.keyIndent(siblingHeader, layout);
    }
    StringBuilder sb = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (RuntimeSpec spec : specs) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      appendEntry(sb, raw + "." + KeyPaths.segment(spec.name(), quote), indent, keyIndent, spec);
      names.add(spec.name());
    }
    int offset = anchor == null ? doc.text().length() : index.bodyEnd(anchor);
    sink.insert(offset, sb.toString(), names);
  }

  private void appendEntry(StringBuilder sb, String header, String indent, String keyIndent, RuntimeSpec spec) {
    sb.append(indent).append('[').append(header).append("]\n");
    Map<List<String>, Map<String, String>> subTables = new LinkedHashMap<>();
    spec.leaves().forEach((leaf, value) -> {
      if (leaf.size() == 1) {
        sb.append(keyIndent).append(kv(leaf.get(0), value));
      } else {
        subTables.computeIfAbsent(leaf.subList(0, leaf.size() - 1), k -> new LinkedHashMap<>())
            .put(leaf.get(leaf.size() - 1), value);
      }
    });
    subTables.forEach((sub, keys) -> {
      String subIndent = indent + layout.nestUnit();
      sb.append(subIndent).append('[').append(header).append('.')
          .append(KeyPaths.dotted(sub, index.headerQuote(schema.preferredQuote()))).append("]\n");
      String subKeyIndent = subIndent + keyIndent.substring(Math.min(indent.length(), keyIndent.length()));
      keys.forEach((k, v) -> sb.append(subKeyIndent).append(kv(k, v)));
    });
  }

  private String kv(String key, String value) {
    return KeyPaths.segment(key, layout.quote()) + " = " + TomlValues.string(value, layout.quote()) + "\n";
  }

  private static String dedent(String indent, int by) {
    return indent.substring(0, Math.max(0, indent.length() - by));
  }
}
