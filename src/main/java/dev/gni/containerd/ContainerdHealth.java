package dev.gni.containerd;

import dev.gni.containerd.cri.LiveView;
import java.time.Duration;

/** Waits for containerd's CRI socket after a restart, and reads what the running daemon has loaded. */
public interface ContainerdHealth {
  /** Polls with bounded backoff; true once CRI answers, false at the timeout. No fixed sleeps. */
  boolean awaitServing(Duration timeout);

  LiveView live();
}
