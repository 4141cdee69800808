package dev.gni.flow;

import dev.gni.containerd.config.ConfigDocument;
import dev.gni.containerd.config.InvalidConfigException;
import dev.gni.host.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containerd config files on the host: reads them (absent is fine, a directory or broken file is not),
 * writes them through a symlink to its target (the link stays), and creates (and later removes, when empty)
 * the folder an {@code imports} glob names when it does not exist yet.
 */
final class ConfigFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private ConfigFiles() {
  }

  static Optional<ConfigDocument> read(HostFiles host, String path) {
    if (host.isDirectory(path)) {
      throw new InvalidConfigException("containerd config " + path + " is a directory, not a file");
    }
    return host.read(path).map(bytes -> ConfigDocument.parse(bytes, path));
  }

  /**
   * Writes atomically; a path that is a symlink (absolute or relative, inside the host root) has its target
   * written in the target's own folder, so the link is kept. A link out of the host root is refused.
   */
  static void write(HostFiles host, String path, byte[] bytes, int mode) {
    String target = host.linkTarget(path);
    if (!target.equals(path)) {
      LOG.info("{} is a symlink: writing its target {} (the link is kept)", path, target);
    }
    host.writeAtomic(target, bytes, mode);
  }

  /** Deletes a file install created; through a symlink, its target (the link was the host's, it stays). */
  static void delete(HostFiles host, String path) {
    host.delete(host.linkTarget(path));
  }

  /** True when the file defines this CRI runtime handler with the gVisor shim's runtime type. */
  static boolean hasRuntime(HostFiles host, String path, String runtime) {
    return read(host, path).map(d -> {
      java.util.List<String> key = new java.util.ArrayList<>(d.schema().runtimesPath());
      key.add(runtime);
      key.add("runtime_type");
      return dev.gni.containerd.config.RuntimeSpec.RUNSC_TYPE.equals(d.toml().get(key));
    }).orElse(false);
  }

  /** The outermost folder on the way to the file that does not exist yet (to be created), if any. */
  static Optional<String> missingDir(HostFiles host, String filePath) {
    String missing = null;
    for (String dir = parent(host.linkTarget(filePath)); !dir.equals("/") && !host.exists(dir); dir = parent(dir)) {
      missing = dir;
    }
    return Optional.ofNullable(missing);
  }

  /** Creates the file's folder (and any missing above it) with mode 0755; returns the outermost one created. */
  static Optional<String> createDirFor(HostFiles host, String filePath) {
    Optional<String> top = missingDir(host, filePath);
    if (top.isEmpty()) {
      return top;
    }
    String file = host.linkTarget(filePath);
    host.mkdirs(parent(file));
    for (String dir = parent(file); within(dir, top.get()); dir = parent(dir)) {
      try {
        Files.setPosixFilePermissions(host.local(dir), DIR_MODE);
      } catch (IOException e) {
        throw new dev.gni.host.HostAccessException("cannot set mode 0755 on " + dir + ": " + e.getMessage(), e);
      }
    }
    LOG.info("created {} (mode 0755): the config imports files from it and it did not exist", parent(file));
    return top;
  }

  /** Removes the folders install created for the file, innermost first, each only while it is empty. */
  static void removeCreatedDirs(HostFiles host, String filePath, String createdDir) {
    for (String dir = parent(host.linkTarget(filePath)); within(dir, createdDir); dir = parent(dir)) {
      if (!host.isDirectory(dir)) {
        continue;
      }
      if (!host.list(dir).isEmpty()) {
        LOG.info("kept {}: install created it, but it holds files now", dir);
        return;
      }
      host.delete(dir);
      LOG.info("removed {}: install had created it and it is empty", dir);
    }
  }

  private static boolean within(String dir, String top) {
    return dir.equals(top) || dir.startsWith(top + "/");
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static int modeOf(HostFiles host, String path) {
    try {
      var perms = java.nio.file.Files.getPosixFilePermissions(host.local(path));
      int mode = 0;
      for (var p : perms) {
        mode |= switch (p) {
          case OWNER_READ -> 0400;
          case OWNER_WRITE -> 0200;
          case OWNER_EXECUTE -> 0100;
          case GROUP_READ -> 040;
          case GROUP_WRITE -> 020;
          case GROUP_EXECUTE -> 010;
          case OTHERS_READ -> 04;
          case OTHERS_WRITE -> 02;
          case OTHERS_EXECUTE -> 01;
        };
      }
      return mode;
    } catch (java.io.IOException e) {
      return 0644;
    }
  }
}
