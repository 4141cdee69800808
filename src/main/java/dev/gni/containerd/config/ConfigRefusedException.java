package dev.gni.containerd.config;

/** The config is valid TOML but the installer refuses to change it, and says why. */
public final class ConfigRefusedException extends RuntimeException {
  public ConfigRefusedException(String message) {
    super(message);
  }
}
