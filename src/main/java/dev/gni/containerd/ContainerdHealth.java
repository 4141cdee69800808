package dev.gni.containerd;

import dev.gni.containerd.cri.LiveView;
import dev.gni.containerd.cri.SandboxInfo;
import java.time.Duration;
import java.util.List;

/** Waits for containerd's CRI socket after a restart, and reads what the running daemon has loaded. */
public interface ContainerdHealth {
  /** Polls with bounded backoff; true once CRI answers, false at the timeout. No fixed sleeps. */
  boolean awaitServing(Duration timeout);

  LiveView live();

  /** The pod sandboxes the running daemon knows; throws {@link dev.gni.containerd.cri.CriException} if CRI fails. */
  List<SandboxInfo> sandboxes(Duration deadline);
}
