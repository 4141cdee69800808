package dev.gni.containerd.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;

/**
 * A containerd config as written: its exact text, tomlj's parse of it (the meaning), and the statement
 * map (the layout). Parsing refuses invalid UTF-8 and any TOML error, duplicate tables included.
 */
public final class ConfigDocument {
  private static final int KEEP = 8;
  private static final Map<String, ConfigDocument> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ConfigDocument> eldest) {
      return size() > KEEP;
    }
  };

  private final String text;
  private final TomlParseResult toml;
  private final List<Stmt> stmts;

  private ConfigDocument(String text, TomlParseResult toml, List<Stmt> stmts) {
    this.text = text;
    this.toml = toml;
    this.stmts = stmts;
  }

  public static ConfigDocument parse(byte[] bytes, String where) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidConfigException(where + " is not valid UTF-8");
    }
    return parse(text, where);
  }

  /**
   * Parses the text. A run plans twice (before and under the host lock) and re-parses each edit to prove it, so
   * the same text is often parsed again: the last few successful parses are kept (a document is immutable).
   */
  public static ConfigDocument parse(String text, String where) {
    synchronized (RECENT) {
      ConfigDocument known = RECENT.get(text);
      if (known != null) {
        return known;
      }
    }
    ConfigDocument doc = parseNew(text, where);
    synchronized (RECENT) {
      RECENT.put(text, doc);
    }
    return doc;
  }

  private static ConfigDocument parseNew(String text, String where) {
    TomlParseResult toml = Toml.parse(text, TomlVersion.V1_0_0);
    if (toml.hasErrors()) {
      TomlParseError e = toml.errors().get(0);
      throw new InvalidConfigException(where + " is not valid TOML: line " + e.position().line() + ": "
          + e.getMessage().replaceAll("\\s+\\(line \\d+, column \\d+\\)$", ""));
    }
    return new ConfigDocument(text, toml, TomlScanner.scan(text));
  }

  public String text() {
    return text;
  }

  public TomlParseResult toml() {
    return toml;
  }

  List<Stmt> stmts() {
    return stmts;
  }

  /** The config's {@code version}: 1 when absent, as containerd reads it. */
  public ConfigSchema schema() {
    Object v = toml.get(List.of("version"));
    if (v == null) {
      return ConfigSchema.V1;
    }
    if (!(v instanceof Long l)) {
      throw new ConfigRefusedException("containerd config 'version' must be an integer, not " + v);
    }
    return ConfigSchema.of(l);
  }

  public boolean endsWithNewline() {
    return text.isEmpty() || text.endsWith("\n");
  }
}
