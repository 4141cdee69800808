package dev.gni.testsupport;

import dev.gni.containerd.cri.CriClient;
import dev.gni.containerd.cri.CriException;
import dev.gni.containerd.cri.SandboxInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Lists and removes all CRI pod sandboxes of a test daemon, for assertions and teardown. */
final class CriSandboxes {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private CriSandboxes() {
  }

  static List<SandboxInfo> list(String socket) {
    try (CriClient cri = CriClient.connect(socket)) {
      return cri.listPodSandbox(Map.of(), DEADLINE);
    }
  }

  /** Stops and removes every sandbox; best effort, reports what failed (silent if CRI is not served). */
  static void removeAll(String socket) {
    try (CriClient cri = CriClient.connect(socket)) {
      for (SandboxInfo s : cri.listPodSandbox(Map.of(), DEADLINE)) {
        cri.stopPodSandbox(s.id(), DEADLINE);
        cri.removePodSandbox(s.id(), DEADLINE);
      }
    } catch (CriException e) {
      if (!e.getMessage().contains("UNIMPLEMENTED")) {
        System.err.println("RealContainerd: could not remove sandboxes before stopping: " + e.getMessage());
      }
    }
  }
}
