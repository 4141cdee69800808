package dev.gni.containerd;

import dev.gni.containerd.cri.LiveView;
import dev.gni.host.HostExec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * containerd's version: from the flag, else the live daemon (CRI Version), else the host's binary
 * ({@code containerd --version} through the host command channel), else assumed 1.x, the safe side.
 */
public final class VersionDetector {
  private VersionDetector() {
  }

  public static ContainerdVersion detect(Optional<String> flag, Supplier<LiveView> live, HostExec exec) {
    if (flag.isPresent()) {
      return ContainerdVersion.parse(flag.get(), "flag");
    }
    LiveView v = live.get();
    if (v.reachable() && v.version().isPresent()) {
      try {
        return ContainerdVersion.parse(v.version().get(), "cri");
      } catch (IllegalArgumentException ignored) {
        // fall through to the binary
      }
    }
    HostExec.ExecResult r = exec.run(List.of("containerd", "--version"), Duration.ofSeconds(10));
    if (r.ok()) {
      String[] words = r.stdout().strip().split("\\s+");
      for (String w : words) {
        if (w.matches("v?\\d+\\.\\d+.*")) {
          return ContainerdVersion.parse(w, "binary");
        }
      }
    }
    return ContainerdVersion.assumed1x();
  }
}
