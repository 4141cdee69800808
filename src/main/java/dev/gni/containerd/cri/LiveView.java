package dev.gni.containerd.cri;

import java.util.Map;
import java.util.Optional;

/**
 * What the running containerd reports over CRI {@code RuntimeService/Status} (verbose).
 *
 * @param reachable    the socket answered CRI at all
 * @param runtimeReady the {@code RuntimeReady} condition is true
 * @param runtimes     live runtime handler name to its {@code runtimeType}, from {@code info["config"]}
 * @param version      containerd's version from CRI {@code Version} ({@code runtime_version}), if known
 * @param error        why the check could not complete, when it could not
 */
public record LiveView(boolean reachable, boolean runtimeReady, Map<String, String> runtimes,
                       Optional<String> version, Optional<String> error) {
  public static LiveView unreachable(String why) {
    return new LiveView(false, false, Map.of(), Optional.empty(), Optional.of(why));
  }

  /** True when the handler is loaded with the gVisor shim's runtime type and the runtime is ready. */
  public boolean serves(String handler, String runtimeType) {
    return reachable && runtimeReady && runtimeType.equals(runtimes.get(handler));
  }
}
