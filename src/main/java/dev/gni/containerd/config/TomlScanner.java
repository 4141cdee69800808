package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a TOML document into {@link Stmt statements} with exact offsets, so that the editor can make
 * the smallest textual change. It only finds structure (headers, keys, where each value ends, including
 * multi-line strings and arrays); tomlj remains the judge of validity and of values.
 */
final class TomlScanner {
  private final String s;
  private int pos;
  private int line = 1;
  private List<String> table = List.of();

  private TomlScanner(String text) {
    this.s = text;
  }

  /** A scanner placed at an offset, for reading one construct there (see {@link InlineTable}). */
  TomlScanner(String text, int pos) {
    this.s = text;
    this.pos = pos;
  }

  int pos() {
    return pos;
  }

  void skip(int n) {
    pos += n;
  }

  static List<Stmt> scan(String text) {
    return new TomlScanner(text).run();
  }

  private List<Stmt> run() {
    List<Stmt> out = new ArrayList<>();
    while (pos < s.length()) {
      out.add(statement());
    }
    return out;
  }

  private Stmt statement() {
    int start = pos;
    int startLine = line;
    skipBlanks();
    String indent = s.substring(start, pos);
    if (pos >= s.length() || peek() == '\n' || peek() == '\r' || peek() == '#') {
      endOfLine();
      return new Stmt(Stmt.Kind.TRIVIA, start, pos, indent, List.of(), "", table, -1, -1, startLine);
    }
    if (peek() == '[') {
      boolean array = s.startsWith("[[", pos);
      pos += array ? 2 : 1;
      int keyStart = pos;
      List<String> key = key();
      String raw = s.substring(keyStart, pos).strip();
      expect(array ? "]]" : "]");
      endOfLine();
      table = key;
      return new Stmt(array ? Stmt.Kind.ARRAY_TABLE : Stmt.Kind.TABLE, start, pos, indent, key, raw, key, -1, -1,
          startLine);
    }
    int keyStart = pos;
    List<String> key = key();
    String raw = s.substring(keyStart, pos).strip();
    expect("=");
    skipBlanks();
    int valueStart = pos;
    value();
    int valueEnd = pos;
    endOfLine();
    return new Stmt(Stmt.Kind.KEY_VALUE, start, pos, indent, key, raw, table, valueStart, valueEnd, startLine);
  }

  List<String> key() {
    List<String> parts = new ArrayList<>();
    while (true) {
      skipBlanks();
      char c = peek();
      if (c == '"') {
        parts.add(basicString(false));
      } else if (c == '\'') {
        parts.add(literalString(false));
      } else {
        int st = pos;
        while (pos < s.length() && isBare(peek())) {
          pos++;
        }
        if (st == pos) {
          throw error("expected a key");
        }
        parts.add(s.substring(st, pos));
      }
      skipBlanks();
      if (pos < s.length() && peek() == '.') {
        pos++;
        continue;
      }
      return List.copyOf(parts);
    }
  }

  void value() {
    char c = peek();
    if (c == '"') {
      basicString(s.startsWith("\"\"\"", pos));
    } else if (c == '\'') {
      literalString(s.startsWith("'''", pos));
    } else if (c == '[') {
      pos++;
      while (true) {
        skipBlanksNewlinesComments();
        if (peek() == ']') {
          pos++;
          return;
        }
        value();
        skipBlanksNewlinesComments();
        if (peek() == ',') {
          pos++;
        }
      }
    } else if (c == '{') {
      pos++;
      while (true) {
        skipBlanksNewlinesComments();
        if (peek() == '}') {
          pos++;
          return;
        }
        key();
        expect("=");
        skipBlanks();
        value();
        skipBlanksNewlinesComments();
        if (peek() == ',') {
          pos++;
        }
      }
    } else {
      int st = pos;
      while (pos < s.length() && ",]}#\n\r".indexOf(peek()) < 0) {
        pos++;
      }
      while (pos > st && (s.charAt(pos - 1) == ' ' || s.charAt(pos - 1) == '\t')) {
        pos--;
      }
      if (st == pos) {
        throw error("expected a value");
      }
    }
  }

  private String basicString(boolean multi) {
    StringBuilder sb = new StringBuilder();
    pos += multi ? 3 : 1;
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos);
      if (multi && s.startsWith("\"\"\"", pos)) {
        pos += 3;
        while (pos < s.length() && peek() == '"') { // up to two quotes may close the content
          pos++;
        }
        return sb.toString();
      }
      if (!multi && c == '"') {
        pos++;
        return sb.toString();
      }
      if (c == '\n') {
        if (!multi) {
          throw error("newline in string");
        }
        line++;
      }
      if (c == '\\') {
        pos++;
        sb.append(escape());
        continue;
      }
      sb.append(c);
      pos++;
    }
  }

  private String escape() {
    char e = s.charAt(pos++);
    return switch (e) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case 'r' -> "\r";
      case 'b' -> "\b";
      case 'f' -> "\f";
      case '"' -> "\"";
      case '\\' -> "\\";
      case 'u', 'U' -> {
        int n = e == 'u' ? 4 : 8;
        int cp = Integer.parseInt(s.substring(pos, pos + n), 16);
        pos += n;
        yield new String(Character.toChars(cp));
      }
      default -> { // line-ending backslash in a multi-line string: trims following whitespace
        pos--;
        while (pos < s.length() && Character.isWhitespace(peek())) {
          if (peek() == '\n') {
            line++;
          }
          pos++;
        }
        yield "";
      }
    };
  }

  private String literalString(boolean multi) {
    String close = multi ? "'''" : "'";
    pos += close.length();
    int end = s.indexOf(close, pos);
    if (end < 0) {
      throw error("unterminated literal string");
    }
    String content = s.substring(pos, end);
    line += (int) content.chars().filter(ch -> ch == '\n').count();
    pos = end + close.length();
    while (multi && pos < s.length() && peek() == '\'') {
      pos++;
    }
    return content;
  }

  private void endOfLine() {
    skipBlanks();
    if (pos < s.length() && peek() == '#') {
      while (pos < s.length() && peek() != '\n') {
        pos++;
      }
    }
    if (pos < s.length() && peek() == '\r') {
      pos++;
    }
    if (pos < s.length()) {
      if (peek() != '\n') {
        throw error("unexpected text after a statement");
      }
      pos++;
      line++;
    }
  }

  void skipBlanks() {
    while (pos < s.length() && (peek() == ' ' || peek() == '\t')) {
      pos++;
    }
  }

  void skipBlanksNewlinesComments() {
    while (pos < s.length()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '\n') {
        pos++;
        line++;
      } else if (c == '#') {
        while (pos < s.length() && peek() != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  void expect(String token) {
    skipBlanks();
    if (!s.startsWith(token, pos)) {
      throw error("expected '" + token + "'");
    }
    pos += token.length();
  }

  char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private static boolean isBare(char c) {
    return Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-';
  }

  private InvalidConfigException error(String what) {
    return new InvalidConfigException("TOML structure not understood at line " + line + ": " + what);
  }
}
