package dev.gni.watch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gni.flow.StateStore;
import dev.gni.host.HostFiles;
import java.io.IOException;
import java.util.Optional;

/**
 * The three fields of {@code state.json} that the watcher needs: the config file install edited, the runtime's
 * name, and the config's sha256 as install left it.
 *
 * <p><b>Why jackson-core's streaming parser and not the state's own reader (jackson-databind):</b> the watcher
 * runs on every node for the node's lifetime, with a budget of 48 MiB steady RSS (issue 17). Measured on the
 * watcher's JVM flags (values.yaml {@code watcher.jvmFlags}), a JVM that reads state.json through databind's
 * ObjectMapper holds 9-11 MiB more RSS for its lifetime than one that does not (the mapper's ~520 classes stay
 * loaded): 60.5 MiB against the budget of 48 (docs/performance.md, "The watcher"). The streaming parser is the
 * same library (databind is built on it) and loads about 50 classes. Unknown fields are skipped, so any state
 * that {@link StateStore} writes reads here.
 */
record WatchedInstall(String configPath, String runtimeName, Optional<String> configSha256) {
  private static final JsonFactory JSON = new JsonFactory();

  /** The installed state, or empty when there is none (not installed, or installed by a release before state). */
  static Optional<WatchedInstall> read(HostFiles host) {
    return host.read(StateStore.STATE).map(WatchedInstall::parse);
  }

  static WatchedInstall parse(byte[] json) {
    String configPath = null;
    String runtimeName = null;
    String sha = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("cannot read " + StateStore.STATE + ": not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "configPath" -> configPath = text(p, value, field);
          case "runtimeName" -> runtimeName = text(p, value, field);
          case "configSha256" -> sha = text(p, value, field);
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + StateStore.STATE + ": " + e.getMessage(), e);
    }
    if (configPath == null || runtimeName == null) {
      throw new IllegalStateException("cannot read " + StateStore.STATE + ": configPath or runtimeName missing");
    }
    return new WatchedInstall(configPath, runtimeName, Optional.ofNullable(sha));
  }

  private static String text(JsonParser p, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new IllegalStateException("cannot read " + StateStore.STATE + ": " + field + " is not a string");
    }
    return p.getText();
  }
}
