package dev.gni.distro;

import java.util.Optional;

/**
 * A file that makes the runtime survive the distribution's own rewrite of containerd's config (a nodeadm
 * NodeConfig drop-in). Written with the config; removed by uninstall.
 */
public record PersistFile(String path, Optional<String> before, String after) {
  public String dir() {
    return path.substring(0, path.lastIndexOf('/'));
  }

  public boolean changed() {
    return !before.map(after::equals).orElse(false);
  }
}
