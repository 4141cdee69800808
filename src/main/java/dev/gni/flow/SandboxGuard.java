package dev.gni.flow;

import dev.gni.containerd.cri.CriException;
import dev.gni.containerd.cri.CriCanary;
import dev.gni.containerd.cri.SandboxInfo;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an uninstall while pod sandboxes run with the runtime's handler: removing the runtime under live
 * pods strands them (they hang in Terminating, since containerd can no longer reach their shim through a
 * handler it has lost). Asked over CRI before anything changes. The installer's own leftover canary sandboxes
 * do not count. {@code --force} turns the refusal into a warning.
 */
final class SandboxGuard {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxGuard.class);
  static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int NAMED = 10;

  private final Node node;
  private final String handler;
  private final String nodeName;

  SandboxGuard(Node node, String handler, String nodeName) {
    this.node = node;
    this.handler = handler;
    this.nodeName = nodeName;
  }

  /**
   * @param configHasRuntime whether the config on disk still carries install's change; when it does not, an
   *     earlier uninstall already passed this guard (or was forced), so containerd being down does not block
   * @return the pods that block (empty: none), after logging the warning when forced
   * @throws UninstallBlockedException when pods block and {@code force} is off, or when CRI cannot tell
   */
  List<String> check(boolean configHasRuntime, boolean force) {
    List<String> pods;
    try {
      pods = blockingPods(node.containerd().sandboxes(DEADLINE));
    } catch (CriException e) {
      if (!configHasRuntime) {
        LOG.info("pod sandboxes not listed ({}); the config no longer has '{}': an earlier uninstall passed this"
            + " check", e.getMessage(), handler);
        return List.of();
      }
      String why = "cannot list pod sandboxes to check that no pod runs in gVisor: " + e.getMessage();
      if (force) {
        LOG.warn("--force: {}; uninstalling anyway", why);
        return List.of();
      }
      throw new UninstallBlockedException("uninstall blocked: " + why + "; start containerd and retry, or pass"
          + " --force");
    }
    if (pods.isEmpty()) {
      LOG.info("no pod runs with runtime handler '{}' on this node: safe to uninstall", handler);
      return pods;
    }
    String named = String.join(", ", pods.subList(0, Math.min(NAMED, pods.size())))
        + (pods.size() > NAMED ? " and " + (pods.size() - NAMED) + " more" : "");
    String what = pods.size() + " pod" + (pods.size() == 1 ? "" : "s") + " run" + (pods.size() == 1 ? "s" : "")
        + " in gVisor (runtime handler '" + handler + "') on this node: " + named;
    if (force) {
      LOG.warn("--force: uninstalling although {}; they lose their runtime and will hang in Terminating until the"
          + " node restarts", what);
      return pods;
    }
    throw new UninstallBlockedException("uninstall blocked: " + what + "; drain the node (kubectl drain "
        + nodeName + " --ignore-daemonsets) or delete those pods, then retry; --force uninstalls anyway and strands"
        + " them");
  }

  /** namespace/name of each READY sandbox with our handler, not counting the installer's canaries. */
  private List<String> blockingPods(List<SandboxInfo> sandboxes) {
    return sandboxes.stream()
        .filter(s -> s.state() == SandboxInfo.State.READY)
        .filter(s -> handler.equals(s.runtimeHandler()))
        .filter(s -> !CriCanary.NAMESPACE.equals(s.namespace()) || !s.labels().containsKey(CriCanary.RUN_LABEL))
        .map(s -> s.namespace() + "/" + s.name())
        .sorted()
        .distinct()
        .toList();
  }
}
