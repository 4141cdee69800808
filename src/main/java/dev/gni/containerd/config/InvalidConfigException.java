package dev.gni.containerd.config;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The containerd config is not valid TOML (or not valid UTF-8). The host is left unchanged. */
public final class InvalidConfigException extends RuntimeException implements ExitStatus {
  public InvalidConfigException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
