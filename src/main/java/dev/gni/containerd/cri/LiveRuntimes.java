package dev.gni.containerd.cri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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
    JsonNode runtimes;
    try {
      runtimes = JSON.readTree(configJson).path("containerd").path("runtimes");
    } catch (JsonProcessingException e) {
      throw new CriException("CRI Status info[\"config\"] is not JSON: " + e.getOriginalMessage(), e);
    }
    if (!runtimes.isObject()) {
      throw new CriException("CRI Status info[\"config\"] has no containerd.runtimes object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    runtimes.fields().forEachRemaining(e -> {
      JsonNode type = e.getValue().path("runtimeType");
      out.put(e.getKey(), type.isTextual() ? type.asText() : "");
    });
    return Map.copyOf(out);
  }
}
