package dev.gni.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gni.binaries.BinaryInstaller;
import dev.gni.binaries.ReleaseInventory;
import dev.gni.binaries.ReleaseUsers;
import dev.gni.config.RunConfig;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.cri.LiveView;
import dev.gni.distro.Detector;
import dev.gni.distro.Distribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * status: what is installed (state, release, links), what the config file says (file view), what the
 * running containerd has loaded (live view), and whether they agree. Text for people, --output json for
 * tools. Exit code 0 when installed and live, 1 otherwise is NOT used: status always exits 0 unless it
 * cannot read the host; the "healthy" field says the verdict.
 */
public final class StatusFlow {
  private final RunConfig cfg;
  private final Node node;

  public StatusFlow(RunConfig cfg, Node node) {
    this.cfg = cfg;
    this.node = node;
  }

  public Map<String, Object> collect() {
    Map<String, Object> m = new LinkedHashMap<>();
    Optional<InstallState> state = new StateStore(node.files()).load();
    String runtime = state.map(InstallState::runtimeName).orElse(cfg.runtimeName());
    Distribution dist = Detector.detect(node.files(), cfg.distribution());
    m.put("distribution", StatusText.fields("name", dist.name(), "why", dist.why(), "strategy", dist.strategy().name()
        .toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    m.put("installed", state.isPresent());
    state.ifPresent(s -> m.put("release", s.releaseId()));
    String configPath = state.map(InstallState::configPath).orElse(cfg.containerdConfig().orElse(dist.configPath()));
    m.put("configPath", configPath);
    state.ifPresent(s -> m.put("configStrategy", s.strategy()));
    ConfigStrategy strategy = state.map(s -> ConfigStrategies.forState(dist, cfg, s))
        .orElseGet(() -> ConfigStrategies.forInstall(dist, cfg, configPath));
    // nothing installed: the file containerd reads, as TOML; else where install's strategy put the runtime
    boolean inFile = state.isPresent() ? strategy.carries(node.files(), configPath, runtime)
        : ConfigFiles.hasRuntime(node.files(), configPath, runtime);
    m.put("fileView", StatusText.fields("runtime", runtime, "present", inFile));
    strategy.describe(node.files(), runtime, m);
    LiveView live = node.containerd().live();
    Map<String, Object> lv = new LinkedHashMap<>();
    lv.put("reachable", live.reachable());
    lv.put("runtimeReady", live.runtimeReady());
    lv.put("runtimes", live.runtimes());
    live.version().ifPresent(v -> lv.put("containerdVersion", v));
    live.error().ifPresent(e -> lv.put("error", e));
    m.put("liveView", lv);
    List<String> links = new BinaryInstaller(node.files(), cfg.installDir(), node.checkpoints()).linkPaths();
    Map<String, Object> bins = new LinkedHashMap<>();
    links.forEach(l -> bins.put(l, node.files().readLink(l).orElse(node.files().exists(l) ? "(regular file)" : "(absent)")));
    m.put("binaries", bins);
    m.put("releases", releases());
    boolean liveHas = live.serves(runtime, RuntimeSpec.RUNSC_TYPE);
    if (live.reachable() && inFile != liveHas) {
      m.put("mismatch", inFile ? "the config has runtime '" + runtime + "' but the running containerd has not loaded it"
          + " (restart containerd, or re-run install)" : "the running containerd serves '" + runtime
          + "' but the config file no longer has it (was the config rewritten, e.g. by nodeadm at boot?)");
    }
    new StateStore(node.files()).restartPending().filter(p -> !liveHas).ifPresent(p -> m.put("restartPending", p));
    boolean healthy = state.isPresent() && inFile && liveHas;
    if (cfg.command() == dev.gni.config.Command.STATUS && cfg.canaryRequested()) {
      Map<String, Object> canary = canary(runtime);
      m.put("canary", canary);
      healthy &= Boolean.TRUE.equals(canary.get("ok"));
    }
    m.put("healthy", healthy);
    return m;
  }

  /** Each release folder on the node: whether {@code current} points at it, and the pods that run from it. */
  private List<Map<String, Object>> releases() {
    ReleasePods rp = ReleasePods.of(ReleaseInventory.read(node.files(), ReleaseUsers.proc(java.nio.file.Path.of("/proc"))),
        ReleasePods.listed(node.containerd()));
    java.util.ArrayList<Map<String, Object>> out = new java.util.ArrayList<>();
    rp.pods().forEach((id, pods) -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("current", rp.inventory().current().map(id::equals).orElse(false));
      r.put("pods", pods);
      out.add(r);
    });
    return out;
  }

  /** {@code status --canary}: the install's canary again, by hand: a pod sandbox in the runtime over CRI, then removed. */
  private Map<String, Object> canary(String runtime) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("runtime", runtime);
    try {
      c.put("durationMs", node.canary().run(runtime, cfg.canaryTimeout()).toMillis());
      c.put("ok", true);
    } catch (dev.gni.containerd.cri.CanaryFailedException e) {
      c.put("ok", false);
      c.put("error", e.getMessage());
    }
    return c;
  }

  /** Prints the status; with --canary, a failed canary then ends the run with exit code 6 and its one line. */
  public void print() {
    Map<String, Object> m = collect();
    printMap(m);
    if (m.get("canary") instanceof Map<?, ?> c && !Boolean.TRUE.equals(c.get("ok"))) {
      throw new dev.gni.containerd.cri.CanaryFailedException(String.valueOf(c.get("error")));
    }
  }

  private void printMap(Map<String, Object> m) {
    if (cfg.outputFormat() == RunConfig.Format.JSON) {
      try {
        node.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    node.out().print(StatusText.render(m));
  }
}
