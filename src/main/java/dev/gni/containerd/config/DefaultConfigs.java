package dev.gni.containerd.config;

import dev.gni.containerd.ContainerdVersion;

/**
 * The config written when a host has none (containerd running on its built-in defaults): only the
 * version header, so every default stays in force; the editor then adds the runtime (and runc on 1.x).
 */
final class DefaultConfigs {
  private DefaultConfigs() {
  }

  static String minimal(ContainerdVersion v) {
    return "# Created by gvisor-node-installer: containerd had no config file and ran on its defaults.\n"
        + "# 'gvisor-node-installer uninstall' removes this file again.\n"
        + "version = " + (v.atLeast2() ? 3 : 2) + "\n";
  }
}
