package dev.gni.flow;

import dev.gni.binaries.BinaryInstaller;
import dev.gni.binaries.ReleaseUsers;
import dev.gni.binaries.RunningExecutables;
import dev.gni.binaries.Sha512;
import dev.gni.binaries.VerifiedCopies;
import dev.gni.config.RunConfig;
import dev.gni.config.Version;
import dev.gni.containerd.config.ConfigPlan;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.config.UndoStep;
import dev.gni.containerd.cri.LiveView;
import dev.gni.kube.NodeEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * install, in order: plan (verify binaries, plan the config; nothing written), lock, preflight, binaries,
 * shim config, containerd config (backups first), state; then restart only if needed, wait, live check,
 * roll back on failure; then the canary, and last the node label.
 */
public final class InstallFlow {
  private static final Logger LOG = LoggerFactory.getLogger(InstallFlow.class);

  private final RunConfig cfg;
  private final Node node;
  private final StateStore store;
  private VerifiedCopies copies;
  private Optional<InstallState> stateBefore = Optional.empty();
  private Optional<String> createdDir = Optional.empty();
  private String restartedBecause; // set when this run restarted containerd and that made the runtime live

  public InstallFlow(RunConfig cfg, Node node) {
    this.cfg = cfg;
    this.node = node;
    this.store = new StateStore(node.files());
    this.copies = VerifiedCopies.load(node.files(), StateStore.VERIFIED_COPIES);
  }

  public void run() {
    try {
      LiveView before = node.containerd().live();
      InstallPlan plan = InstallPlanner.plan(cfg, node, before, copies);
      report(plan);
      node.reporter().awaitClient(); // a bad kubeconfig fails here, before anything is written
      if (cfg.dryRun()) {
        new DryRunPrinter(node.out()).print(plan);
        try {
          guard().check(plan.release().id(), plan.gvisorVersion(), cfg.upgradeRunningPods());
        } catch (UpgradeBlockedException e) {
          node.out().println("install would stop here, exit " + e.exitCode().code() + ": " + e.getMessage());
        }
        return;
      }
      new Preflight(node.files()).check(writeDirs(plan), plan.config().path());
      try (HostLock lock = HostLock.acquire(node.files().root(), Duration.ofMinutes(5))) {
        // again under the lock: another installer may have run, changed the host copies and their record
        copies = VerifiedCopies.load(node.files(), StateStore.VERIFIED_COPIES);
        plan = InstallPlanner.replan(cfg, node, before, plan, copies);
        guard().check(plan.release().id(), plan.gvisorVersion(), cfg.upgradeRunningPods());
        Map<String, Optional<byte[]>> previous = apply(plan);
        LiveView live = activate(plan, before, previous);
        finish(plan, live, previous.isEmpty() && plan.binaryChanges().isEmpty());
      }
    } catch (UpgradeBlockedException e) {
      node.reporter().event(NodeEvent.UPGRADE_BLOCKED, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      if (!cfg.dryRun()) { // a refused config or release shows on the Node too, not only in the pod's log
        markNotReady();
        node.reporter().event(NodeEvent.INSTALL_FAILED, "gVisor install failed: " + e.getMessage());
      }
      throw e;
    }
  }

  private UpgradeGuard guard() {
    return new UpgradeGuard(node, ReleaseUsers.proc(Path.of("/proc")));
  }

  /** A failed run cannot vouch for the runtime: a node that was ready is marked not ready (best effort). */
  private void markNotReady() {
    try {
      node.reporter().markNotReady();
    } catch (RuntimeException e) {
      LOG.warn("could not mark the node not ready after the failure: {}", e.getMessage());
    }
  }

  private void report(InstallPlan plan) {
    LOG.info("distribution {} ({}); containerd {}", plan.distribution().name(), plan.distribution().why(), plan.version());
    if (plan.release().allOnHost()) {
      LOG.info("release {} (runsc {}): the host's {} files are the copies verified at install, unchanged since"
          + " (size, inode, mtime, ctime)", plan.release().id(), plan.gvisorVersion(), plan.release().files().size());
    } else {
      LOG.info("release {} (runsc {}) verified ({} files{})", plan.release().id(), plan.gvisorVersion(),
          plan.release().files().size(),
          plan.release().verified() ? ", sha512 checked" : ", UNVERIFIED: no SHA512SUMS");
    }
    plan.config().reasons().forEach(r -> LOG.info("config: {}", r));
    plan.config().edit().changes().forEach(c -> LOG.info("config {}: {}", plan.config().path(), c));
    plan.binaryChanges().forEach(c -> LOG.info("binaries: {}", c));
    if (plan.shimChanged()) {
      LOG.info("shim config: write {}: new containers run {}, runsc flags {}", plan.shimConfigPath(),
          BinaryInstaller.hostPath(plan.release().id(), dev.gni.binaries.Release.RUNSC), cfg.runscFlags());
    }
    if (!plan.changesAnything()) {
      LOG.info("nothing to change: gVisor is installed as requested");
    }
  }

  private List<String> writeDirs(InstallPlan plan) {
    List<String> dirs = new ArrayList<>(List.of(cfg.installDir(), BinaryInstaller.STORE, StateStore.DIR));
    String p = node.files().linkTarget(plan.config().path()); // a linked config is written in its target's folder
    dirs.add(p.substring(0, Math.max(1, p.lastIndexOf('/'))));
    return plan.changesAnything() ? dirs : List.of();
  }

  /** Writes everything; returns the config files changed, with their bytes before, for a roll back. */
  private Map<String, Optional<byte[]>> apply(InstallPlan plan) {
    Map<String, Optional<byte[]>> previous = new LinkedHashMap<>();
    stateBefore = store.load();
    BinaryInstaller binaries = new BinaryInstaller(node.files(), cfg.installDir(), node.checkpoints(), copies);
    if (!plan.binaryChanges().isEmpty()) {
      binaries.install(plan.release(), store);
      LOG.info("binaries: release {} in place, {} and the shim link to it", plan.release().id(), cfg.installDir());
    } else if (!plan.release().allOnHost()) {
      binaries.remember(plan.release());
    }
    // every run: a release kept for the pods that still ran from it goes once they are gone
    binaries.pruneUnused(plan.release().id(), RunningExecutables.proc(Path.of("/proc")))
        .forEach(d -> LOG.info("binaries: removed unused old release {} (no process runs from it)", d));
    copies.saveIfChanged().ifPresent(why -> LOG.warn("binaries: could not save the record of verified copies"
        + " ({}); the next run verifies the release in full", why));
    saveState(plan); // first: a crash after the config write must still leave the undo steps on disk
    if (plan.shimChanged()) {
      write(plan.shimConfigPath(), plan.shimAfter(), previous);
    }
    ConfigPlan config = plan.config();
    if (config.edit().changed()) {
      createdDir = ConfigFiles.createDirFor(node.files(), config.path());
      write(config.path(), config.edit().after(), previous);
    }
    for (dev.gni.distro.PersistFile f : plan.persist().stream().filter(dev.gni.distro.PersistFile::changed).toList()) {
      node.files().mkdirs(f.dir());
      write(f.path(), f.after(), previous);
    }
    return previous;
  }

  private void write(String path, String text, Map<String, Optional<byte[]>> previous) {
    Optional<byte[]> old = node.files().read(path);
    previous.put(path, old);
    old.ifPresent(b -> {
      store.keepOnce(path);
      store.keepPrevious(path, b);
    });
    int mode = old.isPresent() ? ConfigFiles.modeOf(node.files(), path) : 0644;
    ConfigFiles.write(node.files(), path, text.getBytes(StandardCharsets.UTF_8), mode);
    node.checkpoints().reach("after write " + path);
    LOG.info("wrote {}", path);
  }

  private void saveState(InstallPlan plan) {
    ConfigPlan c = plan.config();
    Optional<InstallState> old = store.load().filter(s -> s.configPath().equals(c.path()));
    List<UndoStep> undo = new ArrayList<>(old.map(InstallState::configUndo).orElse(List.of()));
    c.edit().undo().stream().filter(u -> !undo.contains(u)).forEach(undo::add); // a re-run after a crash
    boolean created = old.map(InstallState::configCreated).orElse(c.createdFile());
    String shim = plan.shimConfigPath() != null ? plan.shimConfigPath() : old.map(InstallState::shimConfigPath).orElse(null);
    String newDir = old.map(InstallState::createdDir) // the imports folder install creates (or created) for a drop-in
        .orElseGet(() -> c.edit().changed() ? ConfigFiles.missingDir(node.files(), c.path()).orElse(null) : null);
    InstallState next = new InstallState(plan.release().id(), c.path(), c.strategy(), created, undo, shim,
        cfg.runtimeName(), plan.configSha256(), newDir);
    if (!old.equals(Optional.of(next))) {
      store.save(next);
    }
  }

  private LiveView activate(InstallPlan plan, LiveView before, Map<String, Optional<byte[]>> previous) {
    boolean configChanged = plan.config().edit().changed();
    if (!node.restarter().enabled()) {
      if (configChanged) {
        LOG.warn("--restart none: containerd was not restarted; the runtime is live after its next restart");
      }
      return node.containerd().live();
    }
    LiveView now = configChanged ? before : node.containerd().live(); // fresh: another installer may have run
    if (!configChanged && now.serves(cfg.runtimeName(), RuntimeSpec.RUNSC_TYPE)) {
      LOG.info("no restart: containerd's config did not change and the runtime is live");
      store.clearRestartPending(); // restarted by someone else since a refused restart
      return now;
    }
    String why = configChanged ? "its config changed" : now.reachable()
        ? "the config has the runtime but the running containerd has not loaded it"
        : "containerd does not answer on its socket (" + now.error().orElse("unreachable") + ")";
    Activation activation = new Activation(node, cfg.runtimeName(), cfg.restartTimeout());
    try {
      LiveView live = activation.restartAndCheck(why);
      restartedBecause = why;
      store.clearRestartPending();
      return live;
    } catch (dev.gni.containerd.RestartRefusedException e) { // nothing to roll back: the config waits for a restart
      store.markRestartPending(e.getMessage());
      throw new dev.gni.containerd.RestartRefusedException(e.getMessage() + "; " + plan.config().path()
          + " is written but not live: the restart is pending");
    } catch (Activation.ActivationFailed e) {
      RuntimeException outcome = new Rollback(node, store, cfg.restartTimeout()).run(e.getMessage(), previous);
      if (outcome instanceof RolledBackException) {
        restoreStateAfterRollback(plan);
        node.reporter().event(NodeEvent.ROLLED_BACK, outcome.getMessage());
      }
      throw outcome;
    }
  }

  /** The config is as before; the binaries stay, so a first install keeps a state that lets uninstall remove them. */
  private void restoreStateAfterRollback(InstallPlan plan) {
    createdDir.ifPresent(d -> ConfigFiles.removeCreatedDirs(node.files(), plan.config().path(), d));
    stateBefore.ifPresentOrElse(store::save, () -> store.save(new InstallState(plan.release().id(),
        plan.config().path(), plan.config().strategy(), false, List.of(), null, cfg.runtimeName(), null)));
  }

  private void finish(InstallPlan plan, LiveView live, boolean nothingChanged) {
    if (!live.serves(cfg.runtimeName(), RuntimeSpec.RUNSC_TYPE)) {
      String why = live.reachable() ? "live runtimes: " + live.runtimes() : live.error().orElse("not reachable");
      if (node.restarter().enabled()) {
        throw new RuntimeNotLiveException("runtime '" + cfg.runtimeName() + "' is not live in containerd (" + why
            + "); the node is NOT labelled ready");
      }
      LOG.warn("runtime '{}' is not live in containerd ({}); the node is NOT labelled ready (--restart none)",
          cfg.runtimeName(), why);
      return;
    }
    LOG.info("live check: containerd serves runtime '{}' ({})", cfg.runtimeName(), RuntimeSpec.RUNSC_TYPE);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (cfg.verifySandbox()) {
      annotations.put("sandbox-check-duration", new SandboxVerifier(cfg, node).verify().toMillis() + "ms");
    }
    boolean already = nothingChanged && restartedBecause == null;
    if (cfg.canary()) {
      canary(plan, live, already).ifPresent(d -> annotations.put("canary-duration", d.toMillis() + "ms"));
    }
    annotations.put("gvisor-version", plan.gvisorVersion());
    annotations.put("release-id", plan.release().id());
    annotations.put("runtime-handler", cfg.runtimeName());
    annotations.put("config-strategy", plan.config().strategy());
    annotations.put("config-sha256", plan.configSha256());
    annotations.put("installer-version", Version.installer());
    node.reporter().markReady(annotations);
    String restarted = restartedBecause == null ? "" : "; containerd was restarted (" + restartedBecause + ")";
    node.reporter().event(already ? NodeEvent.ALREADY_INSTALLED : NodeEvent.INSTALLED,
        already ? "gVisor runtime '" + cfg.runtimeName() + "' already installed and live; nothing changed"
            : "gVisor runtime '" + cfg.runtimeName() + "' installed (runsc " + plan.gvisorVersion() + ", config "
            + plan.config().strategy() + ") and proven live" + restarted);
  }

  /**
   * The canary, unless this run changed nothing and this boot's canary already passed on the same parts
   * ({@link CanaryProof}). A CanaryFailedException ends the run: no label, InstallFailed Event, exit 6.
   * @return how long the canary took, when it ran
   */
  private Optional<Duration> canary(InstallPlan plan, LiveView live, boolean nothingChanged) {
    CanaryProof proof = new CanaryProof(node.files(), node.bootId());
    Optional<String> key = proof.key(plan.release().id(), cfg.runtimeName(), plan.configSha256(),
        Sha512.sha256(String.valueOf(plan.shimAfter()).getBytes(StandardCharsets.UTF_8)), live.version());
    if (nothingChanged && !cfg.canaryEveryRun() && proof.holds(key)) {
      LOG.info("canary: not run: nothing changed and a canary passed on this boot with the same release, config and"
          + " containerd ({}; --canary-every-run runs it anyway)", CanaryProof.FILE);
      return Optional.empty();
    }
    Duration d;
    try {
      d = node.canary().run(cfg.runtimeName(), cfg.canaryTimeout());
    } catch (RuntimeException e) {
      proof.clear();
      throw e;
    }
    LOG.info("canary: a pod sandbox ran in gVisor with handler '{}' in {} ms", cfg.runtimeName(), d.toMillis());
    proof.record(key);
    return Optional.of(d);
  }
}
