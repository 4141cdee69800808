package dev.gni.containerd;

/**
 * containerd was deliberately not restarted: its unit would kill running containers, or systemd refuses to
 * start it. Unlike a failed restart, nothing is rolled back: the config stays written and the restart pending.
 */
public final class RestartRefusedException extends RuntimeException implements dev.gni.exit.ExitStatus {
  public RestartRefusedException(String message) {
    super(message);
  }

  @Override
  public dev.gni.exit.ExitCode exitCode() {
    return dev.gni.exit.ExitCode.RESTART_REFUSED;
  }
}
