package dev.gni.containerd.config;

import java.util.List;

/** Look-ups over a document's statements: headers by path, key-values by path, where a table's body ends. */
final class DocIndex {
  private final ConfigDocument doc;
  private final List<Stmt> stmts;

  DocIndex(ConfigDocument doc) {
    this.doc = doc;
    this.stmts = doc.stmts();
  }

  Stmt header(List<String> path) {
    for (Stmt st : stmts) {
      if (st.kind() == Stmt.Kind.TABLE && st.key().equals(path)) {
        return st;
      }
    }
    return null;
  }

  Stmt keyValue(List<String> path) {
    for (Stmt st : stmts) {
      if (st.kind() == Stmt.Kind.KEY_VALUE && st.path().equals(path)) {
        return st;
      }
    }
    return null;
  }

  /** The span of a leaf's value, written as a key-value or inside an inline table; null when not written. */
  int[] valueSpan(List<String> path) {
    Stmt kv = keyValue(path);
    if (kv != null) {
      return new int[] {kv.valueStart(), kv.valueEnd()};
    }
    Stmt over = inlineOver(path);
    if (over == null || !InlineTable.startsAt(doc.text(), over.valueStart())) {
      return null;
    }
    return InlineTable.leafSpan(doc.text(), over.valueStart(), path.subList(over.path().size(), path.size()));
  }

  /** The last [table] header (in document order) whose path starts with the prefix. */
  Stmt lastHeaderUnder(List<String> prefix) {
    Stmt found = null;
    for (Stmt st : stmts) {
      if (st.kind() == Stmt.Kind.TABLE && KeyPaths.startsWith(st.key(), prefix)) {
        found = st;
      }
    }
    return found;
  }

  /** The last key-value that defines something under the prefix through dotted keys of a parent table. */
  Stmt lastDottedUnder(List<String> prefix) {
    Stmt found = null;
    for (Stmt st : stmts) {
      if (st.kind() == Stmt.Kind.KEY_VALUE && st.table().size() < prefix.size()
          && KeyPaths.startsWith(st.path(), prefix)) {
        found = st;
      }
    }
    return found;
  }

  /** A key-value whose value is an inline table (or any value) at a proper prefix of the path, if any. */
  Stmt inlineOver(List<String> path) {
    for (Stmt st : stmts) {
      if (st.kind() == Stmt.Kind.KEY_VALUE && st.path().size() < path.size() && KeyPaths.startsWith(path, st.path())) {
        return st;
      }
    }
    return null;
  }

  /** Offset just past the last key-value of the header's table (or past the header if it has none). */
  int bodyEnd(Stmt header) {
    int i = stmts.indexOf(header);
    Stmt last = header;
    for (int j = i + 1; j < stmts.size() && !stmts.get(j).isHeader(); j++) {
      if (stmts.get(j).kind() == Stmt.Kind.KEY_VALUE) {
        last = stmts.get(j);
      }
    }
    return last.end();
  }

  /** The indentation of the header's keys, or the header's plus the layout's key indent. */
  String keyIndent(Stmt header, Layout layout) {
    int i = stmts.indexOf(header);
    for (int j = i + 1; j < stmts.size() && !stmts.get(j).isHeader(); j++) {
      if (stmts.get(j).kind() == Stmt.Kind.KEY_VALUE) {
        return stmts.get(j).indent();
      }
    }
    return header.indent() + layout.keyUnit();
  }

  String valueText(Stmt kv) {
    return doc.text().substring(kv.valueStart(), kv.valueEnd());
  }

  /** The quote character used for quoted segments of headers, if any header quotes one. */
  char headerQuote(char dflt) {
    for (Stmt st : stmts) {
      if (st.isHeader()) {
        int d = st.rawKey().indexOf('"');
        int s = st.rawKey().indexOf('\'');
        if (d >= 0 || s >= 0) {
          return s >= 0 && (d < 0 || s < d) ? '\'' : '"';
        }
      }
    }
    return dflt;
  }

  /** The raw text of a header key up to the end of its n-th segment, quoting kept. */
  static String rawPrefix(String rawKey, int n) {
    int seg = 0;
    int i = 0;
    while (i < rawKey.length()) {
      char c = rawKey.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < rawKey.length() && rawKey.charAt(j) != c) {
          j += c == '"' && rawKey.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        continue;
      }
      if (c == '.') {
        if (++seg == n) {
          return rawKey.substring(0, i).strip();
        }
      }
      i++;
    }
    return rawKey.strip();
  }
}
