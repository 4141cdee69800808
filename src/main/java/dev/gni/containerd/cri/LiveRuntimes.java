package dev.gni.containerd.cri;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
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
 *
 * <p><b>Why jackson-core's streaming parser, not databind's tree:</b> the watcher calls this on every check for
 * the node's lifetime. Reading the tree made the watcher's JVM load databind's ObjectMapper (~330 classes) and
 * hold about 5 MiB more RSS (58.1 against 53.4 MiB with the watcher's flags, before -Xint), over its 48 MiB
 * budget (docs/performance.md, "The watcher"). The same library, about 50 classes, and it builds no tree of the
 * whole CRI config per check.
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
      if (p.nextToken() == JsonToken.START_OBJECT && enter(p, "containerd") && enter(p, "runtimes")) {
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String handler = p.currentName();
          out.put(handler, p.nextToken() == JsonToken.START_OBJECT ? runtimeType(p) : skip(p));
        }
        return Map.copyOf(out);
      }
      throw new CriException("CRI Status info[\"config\"] has no containerd.runtimes object");
    } catch (IOException e) {
      throw new CriException("CRI Status info[\"config\"] is not JSON: " + e.getMessage().lines().findFirst()
          .orElse(""), e);
    }
  }

  /** Inside an object: moves into the value of {@code field} when that is an object; false when there is none. */
  private static boolean enter(JsonParser p, String field) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean match = p.currentName().equals(field);
      JsonToken value = p.nextToken();
      if (match) {
        return value == JsonToken.START_OBJECT;
      }
      p.skipChildren();
    }
    return false;
  }

  /** Inside a runtime's object: its {@code runtimeType} ("" when absent or not text); leaves the object. */
  private static String runtimeType(JsonParser p) throws IOException {
    String type = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean match = p.currentName().equals("runtimeType");
      JsonToken value = p.nextToken();
      if (match && value == JsonToken.VALUE_STRING) {
        type = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return type;
  }

  private static String skip(JsonParser p) throws IOException {
    p.skipChildren();
    return "";
  }
}
