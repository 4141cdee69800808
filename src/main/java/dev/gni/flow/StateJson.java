package dev.gni.flow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gni.containerd.config.UndoStep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link InstallState} to and from {@code state.json}, with jackson-core's streaming reader and writer: the
 * same document an {@code ObjectMapper} wrote (pretty-printed, one field per record component), without
 * loading databind's several hundred classes on every run (measured: docs/performance.md). Unknown fields
 * are skipped, so a newer installer's state still reads.
 */
final class StateJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private StateJson() {
  }

  static byte[] write(InstallState s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("releaseId", s.releaseId());
      g.writeStringField("configPath", s.configPath());
      g.writeStringField("strategy", s.strategy());
      g.writeBooleanField("configCreated", s.configCreated());
      g.writeArrayFieldStart("configUndo");
      for (UndoStep u : s.configUndo()) {
        writeStep(g, u);
      }
      g.writeEndArray();
      g.writeStringField("shimConfigPath", s.shimConfigPath());
      g.writeStringField("runtimeName", s.runtimeName());
      g.writeStringField("configSha256", s.configSha256());
      if (s.createdDir() != null) {
        g.writeStringField("createdDir", s.createdDir());
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeStep(JsonGenerator g, UndoStep u) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", u.kind());
    g.writeStringField("text", u.text());
    g.writeArrayFieldStart("paths");
    for (List<String> path : u.paths()) {
      g.writeStartArray();
      for (String key : path) {
        g.writeString(key);
      }
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeStringField("before", u.before());
    g.writeStringField("after", u.after());
    g.writeEndObject();
  }

  static InstallState read(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the state");
      String releaseId = null;
      String configPath = null;
      String strategy = null;
      boolean created = false;
      List<UndoStep> undo = new ArrayList<>();
      String shim = null;
      String runtime = null;
      String sha = null;
      String createdDir = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "releaseId" -> releaseId = text(p, t);
          case "configPath" -> configPath = text(p, t);
          case "strategy" -> strategy = text(p, t);
          case "configCreated" -> created = t == JsonToken.VALUE_TRUE;
          case "configUndo" -> undo = steps(p, t);
          case "shimConfigPath" -> shim = text(p, t);
          case "runtimeName" -> runtime = text(p, t);
          case "configSha256" -> sha = text(p, t);
          case "createdDir" -> createdDir = text(p, t);
          default -> p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, "the end of the state");
      return new InstallState(releaseId, configPath, strategy, created, List.copyOf(undo), shim, runtime, sha,
          createdDir);
    }
  }

  private static List<UndoStep> steps(JsonParser p, JsonToken t) throws IOException {
    List<UndoStep> out = new ArrayList<>();
    if (t == JsonToken.VALUE_NULL) {
      return out;
    }
    expect(t, JsonToken.START_ARRAY, "configUndo");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      out.add(step(p));
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, "the end of configUndo");
    return out;
  }

  private static UndoStep step(JsonParser p) throws IOException {
    String kind = null;
    String text = null;
    String before = null;
    String after = null;
    List<List<String>> paths = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "kind" -> kind = text(p, t);
        case "text" -> text = text(p, t);
        case "before" -> before = text(p, t);
        case "after" -> after = text(p, t);
        case "paths" -> paths = paths(p, t);
        default -> p.skipChildren();
      }
    }
    return new UndoStep(kind, text, List.copyOf(paths), before, after);
  }

  private static List<List<String>> paths(JsonParser p, JsonToken t) throws IOException {
    List<List<String>> out = new ArrayList<>();
    if (t == JsonToken.VALUE_NULL) {
      return out;
    }
    expect(t, JsonToken.START_ARRAY, "paths");
    while (p.nextToken() == JsonToken.START_ARRAY) {
      List<String> path = new ArrayList<>();
      while (p.nextToken() == JsonToken.VALUE_STRING) {
        path.add(p.getText());
      }
      expect(p.currentToken(), JsonToken.END_ARRAY, "a key path");
      out.add(List.copyOf(path));
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, "the end of paths");
    return out;
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(t, JsonToken.VALUE_STRING, p.currentName());
    return p.getText();
  }

  private static void expect(JsonToken actual, JsonToken wanted, String what) throws IOException {
    if (actual != wanted) {
      throw new IOException("expected " + wanted + " for " + what + ", found " + actual);
    }
  }
}
