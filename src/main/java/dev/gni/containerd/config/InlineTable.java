package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One inline table ({@code { a = 1, b.c = "x" }}) as written: each entry's key (dotted keys split) with the
 * span of its value, and where the braces are. TOML 1.0 keeps an inline table on one line, without comments.
 *
 * @param open    offset of the opening brace
 * @param close   offset of the closing brace
 * @param entries the entries in the order written
 */
record InlineTable(int open, int close, List<Entry> entries) {
  record Entry(List<String> key, int keyStart, int valueStart, int valueEnd) {
  }

  /** Reads the inline table whose opening brace is at the offset. */
  static InlineTable at(String text, int open) {
    TomlScanner sc = new TomlScanner(text, open + 1);
    List<Entry> entries = new ArrayList<>();
    while (true) {
      sc.skipBlanksNewlinesComments();
      if (sc.peek() == '}') {
        return new InlineTable(open, sc.pos(), List.copyOf(entries));
      }
      int keyStart = sc.pos();
      List<String> key = sc.key();
      sc.expect("=");
      sc.skipBlanks();
      int start = sc.pos();
      sc.value();
      entries.add(new Entry(key, keyStart, start, sc.pos()));
      sc.skipBlanksNewlinesComments();
      if (sc.peek() == ',') {
        sc.skip(1);
      }
    }
  }

  static boolean startsAt(String text, int offset) {
    return offset >= 0 && offset < text.length() && text.charAt(offset) == '{';
  }

  /** The entry whose key is the path or a prefix of it, if any. */
  Entry covering(List<String> rel) {
    for (Entry e : entries) {
      if (KeyPaths.startsWith(rel, e.key())) {
        return e;
      }
    }
    return null;
  }

  /** True when some entry's key starts with the prefix (defines something under it by a dotted key). */
  boolean definesUnder(List<String> prefix) {
    return entries.stream().anyMatch(e -> KeyPaths.startsWith(e.key(), prefix));
  }

  /**
   * The span to cut so that the entry at the relative path leaves the inline table (descending into nested
   * ones) with its separator: {@code [start, end]}, or null when no entry has exactly that key.
   */
  static int[] entryCut(String text, int open, List<String> rel) {
    InlineTable t = at(text, open);
    InlineTable.Entry e = t.covering(rel);
    if (e == null) {
      return null;
    }
    if (e.key().size() < rel.size()) {
      return startsAt(text, e.valueStart()) ? entryCut(text, e.valueStart(), rel.subList(e.key().size(), rel.size()))
          : null;
    }
    int i = t.entries().indexOf(e);
    if (i > 0) {
      return new int[] {t.entries().get(i - 1).valueEnd(), e.valueEnd()};
    }
    if (t.entries().size() > 1) {
      return new int[] {e.keyStart(), t.entries().get(1).keyStart()};
    }
    return new int[] {open + 1, t.close()};
  }

  /** The value span of a leaf inside this inline table (descending into nested ones), or null. */
  static int[] leafSpan(String text, int open, List<String> rel) {
    InlineTable t = at(text, open);
    Entry e = t.covering(rel);
    if (e == null) {
      return null;
    }
    if (e.key().size() == rel.size()) {
      return new int[] {e.valueStart(), e.valueEnd()};
    }
    return startsAt(text, e.valueStart()) ? leafSpan(text, e.valueStart(), rel.subList(e.key().size(), rel.size()))
        : null;
  }
}
