package dev.gni.flow;

import dev.gni.containerd.config.ConfigDocument;
import dev.gni.containerd.config.InvalidConfigException;
import dev.gni.host.HostFiles;
import java.util.Optional;

/** Reads the containerd config from the host: absent is fine, a directory or broken file is not. */
final class ConfigFiles {
  private ConfigFiles() {
  }

  static Optional<ConfigDocument> read(HostFiles host, String path) {
    if (host.isDirectory(path)) {
      throw new InvalidConfigException("containerd config " + path + " is a directory, not a file");
    }
    return host.read(path).map(bytes -> ConfigDocument.parse(bytes, path));
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
