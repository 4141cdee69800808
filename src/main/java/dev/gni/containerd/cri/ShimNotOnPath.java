package dev.gni.containerd.cri;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Explains containerd's {@code binary not installed "containerd-shim-runsc-v1"} (the shim is not on the
 * daemon's PATH) by naming containerd's own PATH, read from /proc, and where the installer linked the shim.
 */
public final class ShimNotOnPath {
  static final String SHIM = "containerd-shim-runsc-v1";

  private final Path proc;
  private final String installDir;
  private final List<String> sockets;

  /**
   * @param proc the host's /proc (the installer runs with hostPID)
   * @param installDir where the shim was linked ({@code --install-dir})
   * @param sockets the paths containerd's socket may be bound at, to tell its process from others
   */
  public ShimNotOnPath(Path proc, String installDir, List<String> sockets) {
    this.proc = proc;
    this.installDir = installDir;
    this.sockets = List.copyOf(sockets);
  }

  /** @return one line naming containerd's PATH, or empty when {@code criError} is not this failure */
  public Optional<String> explain(String criError) {
    if (criError == null || !criError.contains("binary not installed") || !criError.contains(SHIM)) {
      return Optional.empty();
    }
    String fix = "add it to containerd's unit (Environment=PATH=...) or pass --install-dir with a directory on it";
    return Optional.of(ContainerdProcess.path(proc, sockets)
        .map(path -> Arrays.asList(path.split(":")).contains(installDir)
            ? "containerd cannot find " + SHIM + ": its PATH is " + path + ", which includes " + installDir
              + " where the shim was linked, yet containerd does not see it there (is " + installDir
              + " the same directory in containerd's mount namespace?)"
            : "containerd cannot find " + SHIM + ": its PATH is " + path + ", which does not include "
              + installDir + " where the shim was linked; " + fix)
        .orElse("containerd cannot find " + SHIM + " on its PATH (its environment could not be read from "
            + proc + "); the shim was linked in " + installDir + ": " + fix));
  }
}
