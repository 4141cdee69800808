package dev.gni.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The real containerd builds that {@code .ci/install-deps.sh} puts in the cache
 * ({@code $GNI_CACHE}, default {@code /var/cache/gvisor-node-installer}):
 * {@code containerd-<series>/usr/bin/{containerd,ctr,containerd-shim-runc-v2}} for 1.6 (symlinks to
 * bookworm's {@code /usr/bin}), 1.7 (trixie) and 2.1 (sid).
 */
public final class ContainerdBinaries {
  /** The containerd release series the suite tests against. */
  public enum Series {
    V1_6("1.6"), V1_7("1.7"), V2_1("2.1");

    private final String name;

    Series(String name) {
      this.name = name;
    }

    /** e.g. {@code 1.7} */
    public String seriesName() {
      return name;
    }

    /** The config {@code version} this series writes natively: 2 for 1.x, 3 for 2.x. */
    public int configVersion() {
      return this == V2_1 ? 3 : 2;
    }

    /** The TOML table (dotted, quoted keys) that holds CRI runtime handlers for {@link #configVersion()}. */
    public String criRuntimesTable() {
      return this == V2_1 ? "plugins.\"io.containerd.cri.v1.runtime\".containerd.runtimes"
          : "plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes";
    }

    @Override
    public String toString() {
      return "containerd " + name;
    }
  }

  /** The result of {@code containerd config dump}: the effective config, or containerd's error text. */
  public record ConfigDump(Optional<TomlParseResult> toml, Optional<String> error, String raw) {
  }

  public static final String DEFAULT_CACHE = "/var/cache/gvisor-node-installer";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Series series;
  private final Path binDir;

  private ContainerdBinaries(Series series, Path binDir) {
    this.series = series;
    this.binDir = binDir;
  }

  public static Path cacheDir() {
    String env = System.getenv("GNI_CACHE");
    return Path.of(env == null || env.isBlank() ? DEFAULT_CACHE : env);
  }

  public static ContainerdBinaries of(Series series) {
    return new ContainerdBinaries(series, cacheDir().resolve("containerd-" + series.seriesName()).resolve("usr/bin"));
  }

  public Series series() {
    return series;
  }

  public Path binDir() {
    return binDir;
  }

  public Path containerd() {
    return binDir.resolve("containerd");
  }

  public Path ctr() {
    return binDir.resolve("ctr");
  }

  public Path shimRuncV2() {
    return binDir.resolve("containerd-shim-runc-v2");
  }

  /** @return why the binaries cannot be used, or empty when all three are executable */
  public Optional<String> missing() {
    for (Path p : List.of(containerd(), ctr(), shimRuncV2())) {
      if (!Files.isExecutable(p)) {
        return Optional.of(p + " is missing (run .ci/install-deps.sh as root)");
      }
    }
    return Optional.empty();
  }

  /** The exact {@code containerd --version} line, e.g. {@code containerd github.com/containerd/containerd 1.7.24~ds1 ...}. */
  public String versionLine() {
    return Exec.run(COMMAND_TIMEOUT, List.of(containerd().toString(), "--version")).orThrow().strip();
  }

  /** The version field of {@link #versionLine()}, e.g. {@code 1.6.20~ds1} or {@code 2.1.9+unknown}. */
  public String version() {
    String[] parts = versionLine().split("\\s+");
    if (parts.length < 3) {
      throw new IllegalStateException("unexpected containerd --version output: " + versionLine());
    }
    return parts[2];
  }

  /** Runs {@code containerd --config FILE config dump}; a config containerd rejects gives its error text. */
  public ConfigDump configDump(Path configFile) {
    Exec.Result r = Exec.run(COMMAND_TIMEOUT,
        List.of(containerd().toString(), "--config", configFile.toString(), "config", "dump"));
    if (!r.ok()) {
      return new ConfigDump(Optional.empty(), Optional.of(r.stderr().strip()), r.stdout());
    }
    TomlParseResult toml = Toml.parse(r.stdout());
    if (toml.hasErrors()) {
      return new ConfigDump(Optional.empty(), Optional.of("config dump is not TOML: " + toml.errors().get(0)), r.stdout());
    }
    return new ConfigDump(Optional.of(toml), Optional.empty(), r.stdout());
  }

  @Override
  public String toString() {
    return series + " at " + binDir;
  }
}
