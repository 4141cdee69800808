package dev.gni.containerd.cri;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the runtimes containerd has really loaded from CRI verbose {@code Status} {@code info["config"]}:
 * handler name to {@code runtimeType}.
 *
 * <p>Checked on containerd 1.6.20, 1.7.24 and 2.1.9: all three serialise the CRI config with the runtimes at
 * {@code containerd.runtimes.<name>.runtimeType} (2.x moved the TOML table to
 * {@code io.containerd.cri.v1.runtime} but kept the JSON shape). 1.x also reports the legacy
 * {@code defaultRuntime} and {@code untrustedWorkloadRuntime} entries, which are not handlers and are ignored.
 */
public final class LiveRuntimes {
  /** The key of the CRI config JSON in {@code StatusResponse.info}. */
  public static final String CONFIG_KEY = "config";
  private static final JsonFactory JSON = new JsonFactory();

  private LiveRuntimes() {
  }

  /** @throws CriException if the config is missing, is not JSON or lists no runtimes */
  public static Map<String, String> of(RuntimeStatus status) {
    String config = status.info().get(CONFIG_KEY);
    if (config == null || config.isBlank()) {
      throw new CriException("CRI Status has no info[\"config\"]; is this containerd's CRI plugin?");
    }
    return fromConfigJson(config);
  }

  static Map<String, String> fromConfigJson(String configJson) {
    try (JsonParser p = JSON.createParser(configJson)) {
      if (p.nextToken() != JsonToken.START_OBJECT || !enter(p, "containerd") || !enter(p, "runtimes")) {
        throw new CriException("CRI Status info[\"config\"] has no containerd.runtimes object");
      }
      Map<String, String> out = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String handler = p.currentName();
        out.put(handler, p.nextToken() == JsonToken.START_OBJECT ? runtimeType(p) : skipped(p));
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new CriException("CRI Status info[\"config\"] is not JSON: " + why, e);
    }
  }

  /** Inside an object: moves to the value of field {@code name} and returns true if that value is an object. */
  private static boolean enter(JsonParser p, String name) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken value = p.nextToken();
      if (p.currentName().equals(name)) {
        return value == JsonToken.START_OBJECT;
      }
      p.skipChildren();
    }
    return false;
  }

  /** Inside one runtime's object: its runtimeType ("" when absent); leaves the parser at the object's end. */
  private static String runtimeType(JsonParser p) throws IOException {
    String type = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken value = p.nextToken();
      if (p.currentName().equals("runtimeType") && value == JsonToken.VALUE_STRING) {
        type = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return type;
  }

  private static String skipped(JsonParser p) throws IOException {
    p.skipChildren();
    return "";
  }
}
