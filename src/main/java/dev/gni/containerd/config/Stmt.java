package dev.gni.containerd.config;

import java.util.List;

/**
 * One statement of a TOML document, located by character offsets in the original text.
 *
 * @param kind       what the statement is
 * @param start      offset of the statement's first character (its indentation included)
 * @param end        offset just past the statement, its line terminator included
 * @param indent     the whitespace before the statement
 * @param key        header: the table path; key-value: the dotted key relative to {@code table}
 * @param rawKey     the key exactly as written (quotes and spacing kept)
 * @param table      the table the statement belongs to (for a header, its own path)
 * @param valueStart key-value: offset of the value's first character, else -1
 * @param valueEnd   key-value: offset just past the value, else -1
 * @param line       1-based line number of the statement's first line
 */
record Stmt(Kind kind, int start, int end, String indent, List<String> key, String rawKey, List<String> table,
            int valueStart, int valueEnd, int line) {
  enum Kind { TABLE, ARRAY_TABLE, KEY_VALUE, TRIVIA }

  boolean isHeader() {
    return kind == Kind.TABLE || kind == Kind.ARRAY_TABLE;
  }

  /** The absolute key path: the table's path plus the dotted key (key-values only). */
  List<String> path() {
    if (kind != Kind.KEY_VALUE) {
      return key;
    }
    return KeyPaths.concat(table, key);
  }
}
