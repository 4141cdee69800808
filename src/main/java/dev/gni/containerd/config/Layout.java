package dev.gni.containerd.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writing habits of a document, so that added lines look like their neighbours: the quote character
 * of string values, how far keys are indented under their header, and how far a child header is indented
 * under its parent header.
 */
record Layout(char quote, String keyUnit, String nestUnit) {
  static Layout of(ConfigDocument doc, ConfigSchema schema) {
    List<Stmt> stmts = doc.stmts();
    String text = doc.text();
    int single = 0;
    int dbl = 0;
    Map<String, Integer> keyDeltas = new HashMap<>();
    Map<String, Integer> nestDeltas = new HashMap<>();
    Map<List<String>, Stmt> headers = new HashMap<>();
    Stmt lastHeader = null;
    boolean firstKey = false;
    for (Stmt st : stmts) {
      if (st.isHeader()) {
        headers.put(st.key(), st);
        Stmt parent = st.key().size() > 1 ? headers.get(st.key().subList(0, st.key().size() - 1)) : null;
        if (parent != null) {
          nestDeltas.merge(relative(st.indent(), parent.indent()), 1, Integer::sum);
        }
        lastHeader = st;
        firstKey = true;
      } else if (st.kind() == Stmt.Kind.KEY_VALUE) {
        char c = text.charAt(st.valueStart());
        single += c == '\'' ? 1 : 0;
        dbl += c == '"' ? 1 : 0;
        if (firstKey && lastHeader != null) {
          keyDeltas.merge(relative(st.indent(), lastHeader.indent()), 1, Integer::sum);
          firstKey = false;
        }
      }
    }
    char quote = single > dbl ? '\'' : dbl > single ? '"' : schema.preferredQuote();
    return new Layout(quote, mode(keyDeltas, "  "), mode(nestDeltas, ""));
  }

  /** The extra indentation of a child line relative to its parent's, as written (tabs kept). */
  private static String relative(String child, String parent) {
    return child.startsWith(parent) ? child.substring(parent.length()) : "";
  }

  private static String mode(Map<String, Integer> counts, String dflt) {
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(dflt);
  }

  /** The file's line ending: CRLF when most of its lines end so, else LF. */
  static String lineEnding(String text) {
    int lf = 0;
    int crlf = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lf++;
      crlf += i > 0 && text.charAt(i - 1) == '\r' ? 1 : 0;
    }
    return crlf * 2 > lf ? "\r\n" : "\n";
  }

  /** Text written with LF line ends, in the file's own line ending. */
  static String withLineEnding(String lines, String eol) {
    return eol.equals("\n") ? lines : lines.replace("\n", eol);
  }

  static String spaces(int n) {
    return " ".repeat(Math.max(0, n));
  }
}
