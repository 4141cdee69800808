package dev.gni.containerd.cri;

/** Asks the running containerd, over CRI, what it has really loaded. */
public interface LiveCheck {
  LiveView check();
}
