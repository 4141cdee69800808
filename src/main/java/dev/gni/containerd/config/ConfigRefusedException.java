package dev.gni.containerd.config;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/** The config is valid TOML but the installer refuses to change it, and says why. */
public final class ConfigRefusedException extends RuntimeException implements ExitStatus {
  public ConfigRefusedException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
