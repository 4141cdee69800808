package dev.gni.containerd;

import dev.gni.containerd.cri.LiveView;
import dev.gni.containerd.cri.SandboxInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Waits for containerd's CRI socket after a restart, and reads what the running daemon has loaded. */
public interface ContainerdHealth {
  /** Polls with bounded backoff; true once CRI answers, false at the timeout. No fixed sleeps. */
  boolean awaitServing(Duration timeout);

  LiveView live();

  /** The pod sandboxes the running containerd knows (CRI ListPodSandbox); empty when it cannot be asked. */
  default Optional<List<SandboxInfo>> sandboxes() {
    return Optional.empty();
  }
}
