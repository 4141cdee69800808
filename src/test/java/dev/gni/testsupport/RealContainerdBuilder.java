package dev.gni.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Settings for a {@link RealContainerd}: which config file, an optional host root, extra PATH entries and
 * node paths to mask. Create with {@link RealContainerd#builder(ContainerdBinaries)}.
 */
public final class RealContainerdBuilder {
  private final ContainerdBinaries binaries;
  private final List<Path> extraPath = new ArrayList<>();
  private final List<String> masks = new ArrayList<>();
  private Optional<Path> hostRoot = Optional.empty();
  private String config;
  private boolean nodePaths;

  RealContainerdBuilder(ContainerdBinaries binaries) {
    this.binaries = binaries;
  }

  /**
   * The config file, passed to {@code --config} exactly as given (never rewritten). With a host root, pass
   * the node path (e.g. {@code /etc/containerd/config.toml}): inside the daemon's namespace it resolves in the
   * host root.
   */
  public RealContainerdBuilder config(String path) {
    this.config = path;
    return this;
  }

  public RealContainerdBuilder config(Path path) {
    return config(path.toAbsolutePath().toString());
  }

  /**
   * A host-root-like dir {@code H}: the daemon sees {@code H/etc/containerd}, {@code H/usr/local} and
   * {@code H/opt} at {@code /etc/containerd}, {@code /usr/local} and {@code /opt} (the dirs are created).
   */
  public RealContainerdBuilder hostRoot(Path h) {
    this.hostRoot = Optional.of(h.toAbsolutePath());
    return this;
  }

  /**
   * Needs {@link #hostRoot(Path)}: the daemon keeps its root, state and socket where a node's containerd does,
   * under the host root ({@code H/var/lib/containerd}, {@code H/run/containerd},
   * {@code H/run/containerd/containerd.sock}), so the installer finds the socket by its host path. Keep
   * {@code H} short (unix socket paths must stay under ~100 chars).
   */
  public RealContainerdBuilder nodePaths() {
    this.nodePaths = true;
    return this;
  }

  /** Puts a dir first on the daemon's PATH (where it finds shims). */
  public RealContainerdBuilder prependPath(Path dir) {
    extraPath.add(dir.toAbsolutePath());
    return this;
  }

  /** Hides an existing node file from the daemon by binding {@code /dev/null} over it. */
  public RealContainerdBuilder mask(String nodePath) {
    masks.add(nodePath);
    return this;
  }

  /** Creates the daemon's private dirs and starts it; waits until CRI answers. */
  public RealContainerd start() {
    return build().start();
  }

  /** Creates the daemon's private dirs without starting it. */
  public RealContainerd build() {
    if (config == null) {
      throw new IllegalStateException("RealContainerd needs a config file: call config(...)");
    }
    hostRoot.ifPresent(RealContainerdBuilder::prepareHostRoot);
    refuseSharedSockets();
    Path dir;
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "gni-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create a work dir under /tmp: " + e.getMessage(), e);
    }
    TempDirs.mkdirs(dir.resolve("opt"));
    List<String> path = new ArrayList<>();
    extraPath.forEach(p -> path.add(p.toString()));
    path.add(binaries.binDir().toString());
    path.addAll(NamespaceLaunch.SYSTEM_PATH);
    if (nodePaths && hostRoot.isEmpty()) {
      throw new IllegalStateException("nodePaths() needs hostRoot(...)");
    }
    NamespaceLaunch.DaemonPaths paths = nodePaths ? NamespaceLaunch.DaemonPaths.node(hostRoot.get())
        : NamespaceLaunch.DaemonPaths.in(dir);
    if (paths.socket().length() > 100) {
      throw new IllegalStateException("socket path too long for a unix socket: " + paths.socket());
    }
    return new RealContainerd(binaries, config, dir,
        NamespaceLaunch.command(binaries.containerd(), config, dir, hostRoot, masks, paths), path, paths.socket());
  }

  private static void prepareHostRoot(Path h) {
    for (String d : List.of("opt", "etc/containerd", "usr/local")) {
      TempDirs.mkdirs(h.resolve(d));
    }
  }

  /** A socket path set in the file would be shared with the node's containerd: refuse it. */
  private void refuseSharedSockets() {
    Path file = hostRoot.map(h -> h.resolve(config.startsWith("/") ? config.substring(1) : config))
        .filter(Files::exists).orElse(Path.of(config));
    TomlParseResult toml;
    try {
      toml = Toml.parse(file);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    for (String key : List.of("ttrpc.address", "debug.address")) {
      String v = toml.getString(key);
      if (v != null && !v.isEmpty()) {
        throw new IllegalStateException(file + " sets " + key + " = \"" + v
            + "\"; a private test containerd must not share it (remove the key: ttrpc defaults to the private socket + .ttrpc)");
      }
    }
  }
}
