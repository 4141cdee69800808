package dev.gni.flow;

import dev.gni.binaries.BinaryInstaller;
import dev.gni.config.RunConfig;
import dev.gni.containerd.config.ConfigEdit;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.cri.LiveView;
import dev.gni.distro.Detector;
import dev.gni.distro.NodeadmDropIn;
import dev.gni.kube.NodeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * uninstall, in the reverse order of install: refuse while pods run in gVisor here ({@link SandboxGuard}), then
 * remove the node label FIRST (no new gVisor pods land), then
 * undo exactly install's config change (someone else's changes since stay), restart containerd if the
 * config changed, then remove the shim config and the binaries, restoring anything they replaced.
 */
public final class UninstallFlow {
  private static final Logger LOG = LoggerFactory.getLogger(UninstallFlow.class);

  private final RunConfig cfg;
  private final Node node;
  private final StateStore store;

  public UninstallFlow(RunConfig cfg, Node node) {
    this.cfg = cfg;
    this.node = node;
    this.store = new StateStore(node.files());
  }

  public void run() {
    node.reporter().awaitClient(); // a bad kubeconfig fails here, before anything is written
    Optional<InstallState> state = store.load();
    if (state.isEmpty()) {
      LOG.info("nothing to uninstall: no install state at {}", StateStore.STATE);
      node.reporter().clearReady();
      if (!cfg.dryRun() && node.files().exists(StateStore.DIR)) {
        node.files().deleteTree(StateStore.DIR); // left by an uninstall that stopped after clearing the state
        LOG.info("removed leftover {}", StateStore.DIR);
      }
      if (!cfg.dryRun()) { // the chart's cleanup hook waits for each node's report
        node.reporter().event(NodeEvent.UNINSTALLED, "nothing to uninstall: gVisor was not installed here");
      }
      return;
    }
    InstallState s = state.get();
    ConfigStrategy strategy = ConfigStrategies.forState(Detector.detect(node.files(), cfg.distribution()), cfg, s);
    ConfigEdit configUndo = strategy.undo(node.files(), s);
    guard(s, configUndo);
    if (cfg.dryRun()) {
      node.out().println("dry run: nothing was changed");
      node.out().println("would remove the node label, then revert " + s.configPath() + (s.configCreated()
          ? " (delete: install created it)" : "") + ", then remove the binaries");
      if (!s.configCreated() && configUndo.changed()) {
        node.out().print(UnifiedDiff.of(s.configPath(), configUndo.before(), configUndo.after()));
      }
      return;
    }
    try (HostLock lock = HostLock.acquire(node.files().root(), Duration.ofMinutes(5))) {
      if (node.reporter().clearReady()) {
        LOG.info("node label removed: no new gVisor pods will be scheduled here");
      }
      boolean configChanged = revertConfig(s, configUndo);
      if (s.createdDir() != null) {
        ConfigFiles.removeCreatedDirs(node.files(), s.configPath(), s.createdDir());
      }
      node.checkpoints().reach("after config revert");
      String why = restartReason(s, configChanged);
      if (why != null && node.restarter().enabled()) {
        LOG.info("restarting containerd ({}): {}", why, node.restarter().describe());
        node.checkpoints().reach("before restart");
        try {
          node.restarter().restart();
        } catch (dev.gni.containerd.Restarter.RestartFailedException e) {
          throw new RolledBackException(e.getMessage() + "; the config is the host's original again, but containerd "
              + "did not restart: check containerd's logs, then restart it");
        }
        node.checkpoints().reach("after restart");
        if (!node.containerd().awaitServing(cfg.restartTimeout())) {
          throw new RolledBackException("containerd did not come back within " + cfg.restartTimeout().toSeconds()
              + "s after uninstall; the config is the host's original, check containerd's logs");
        }
      }
      if (strategy.removePersisted(node.files(), s.runtimeName())) {
        LOG.info("removed {}", NodeadmDropIn.path(s.runtimeName()));
      }
      if (s.shimConfigPath() != null) {
        node.files().delete(s.shimConfigPath());
        store.restoreIfKept(s.shimConfigPath());
        LOG.info("removed {}", s.shimConfigPath());
      }
      new BinaryInstaller(node.files(), cfg.installDir(), node.checkpoints()).uninstall(store);
      LOG.info("removed the gVisor binaries and links");
      store.clear();
      node.files().deleteTree(StateStore.DIR);
      node.reporter().event(NodeEvent.UNINSTALLED, "gVisor runtime '" + s.runtimeName() + "' uninstalled; "
          + s.configPath() + " reverted");
    }
  }

  /** Refuses (an UninstallBlocked Event, nothing changed) while pods run in gVisor here, unless --force. */
  private void guard(InstallState s, ConfigEdit configUndo) {
    boolean configHasRuntime = s.configCreated() ? node.files().exists(s.configPath()) : configUndo.changed();
    try {
      new SandboxGuard(node, s.runtimeName(), cfg.nodeName().orElse("<node>")).check(configHasRuntime, cfg.force());
    } catch (UninstallBlockedException e) {
      if (!cfg.dryRun()) {
        node.reporter().event(NodeEvent.UNINSTALL_BLOCKED, e.getMessage());
      }
      throw e;
    }
  }

  /**
   * Why containerd must restart, or null: the config changed, the live daemon still serves a runtime the file
   * lost (an uninstall stopped before its restart), or containerd is down (one stopped during it).
   */
  private String restartReason(InstallState s, boolean configChanged) {
    if (configChanged) {
      return "its config changed";
    }
    LiveView live = node.containerd().live();
    if (!live.reachable()) {
      return "containerd does not answer on its socket (" + live.error().orElse("unreachable") + ")";
    }
    if (live.serves(s.runtimeName(), RuntimeSpec.RUNSC_TYPE)
        && !ConfigFiles.hasRuntime(node.files(), s.configPath(), s.runtimeName())) {
      return "the running containerd still serves '" + s.runtimeName() + "', which its config no longer has";
    }
    return null;
  }

  private boolean revertConfig(InstallState s, ConfigEdit undo) {
    if (s.configCreated()) {
      if (node.files().exists(s.configPath())) {
        ConfigFiles.delete(node.files(), s.configPath());
        LOG.info("deleted {}: install had created it", s.configPath());
        return true;
      }
      return false;
    }
    undo.changes().forEach(c -> LOG.info("config {}: {}", s.configPath(), c));
    if (!undo.changed()) {
      return false;
    }
    int mode = ConfigFiles.modeOf(node.files(), s.configPath());
    ConfigFiles.write(node.files(), s.configPath(), undo.after().getBytes(StandardCharsets.UTF_8), mode);
    node.checkpoints().reach("after write " + s.configPath());
    return true;
  }
}
