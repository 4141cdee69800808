package dev.gni.watch;

import java.util.List;

/**
 * One check's verdict: gVisor is live (containerd answers CRI, has loaded the runtime with the gVisor shim's
 * type, RuntimeReady, and the config file still holds the runtime), or what changed, in words for the Event.
 */
public record Health(List<String> changes) {
  public static final Health LIVE = new Health(List.of());

  public boolean live() {
    return changes.isEmpty();
  }

  /** What changed, one sentence each, joined for a log line and the {@code RuntimeLost} Event. */
  public String describe() {
    return live() ? "gVisor is live" : String.join("; ", changes);
  }
}
