package dev.gni.containerd.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.tomlj.TomlArray;

/**
 * Finds a drop-in path that the main config's {@code imports} really covers. containerd resolves a
 * relative import against the main config's directory and expands globs; the drop-in is named
 * {@code 99-gvisor-<runtime>.toml} and must match one of the patterns.
 */
public final class DropInLocator {
  public record Candidate(String path, String pattern, Optional<ConfigDocument> existing) {
  }

  private final Function<String, Optional<byte[]>> reader;

  /** @param reader reads a host path (through the host root); empty when absent */
  public DropInLocator(Function<String, Optional<byte[]>> reader) {
    this.reader = reader;
  }

  public Optional<Candidate> locate(String mainPath, ConfigDocument main, String runtimeName) {
    TomlArray imports = main.toml().getArray("imports");
    if (imports == null) {
      return Optional.empty();
    }
    String mainDir = Path.of(mainPath).getParent().toString();
    for (int i = 0; i < imports.size(); i++) {
      if (!(imports.get(i) instanceof String pattern) || pattern.isBlank()) {
        continue;
      }
      String abs = pattern.startsWith("/") ? pattern : mainDir + "/" + pattern;
      Path dir = Path.of(abs).getParent();
      String candidate = dir + "/99-gvisor-" + runtimeName + ".toml";
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs);
      if (m.matches(Path.of(candidate)) && !containsGlob(dir.toString())) {
        Optional<ConfigDocument> existing = reader.apply(candidate).map(b -> ConfigDocument.parse(b, candidate));
        return Optional.of(new Candidate(candidate, pattern, existing));
      }
    }
    return Optional.empty();
  }

  private static boolean containsGlob(String s) {
    return List.of("*", "?", "[", "{").stream().anyMatch(s::contains);
  }
}
