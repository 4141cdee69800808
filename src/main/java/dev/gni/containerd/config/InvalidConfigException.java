package dev.gni.containerd.config;

/** The containerd config is not valid TOML (or not valid UTF-8). The host is left unchanged. */
public final class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }
}
