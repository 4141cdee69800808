package dev.gni.watch;

import dev.gni.config.RunConfig;
import dev.gni.config.UsageException;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.kube.FabricWatcherApi;
import dev.gni.kube.KubeClients;
import dev.gni.kube.NodeLabels;
import dev.gni.kube.WatcherApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the {@link Watcher} from the run's settings and runs it until SIGTERM. The host is only read: the
 * install state (which config file install edited), that file, and containerd's socket. Everything Kubernetes
 * is made lazily, at the first loss.
 */
public final class WatchCommand {
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  private WatchCommand() {
  }

  public static void run(RunConfig cfg) {
    HostRoot root = new HostRoot(cfg.hostRoot());
    String runtime = cfg.runtimeName();
    Optional<WatchedInstall> state = WatchedInstall.read(new LocalHostFiles(root));
    String configPath = state.map(WatchedInstall::configPath)
        .or(cfg::containerdConfig).orElse("/etc/containerd/config.toml");
    String watched = state.map(WatchedInstall::runtimeName).orElse(runtime);
    String socket = cfg.containerdSocket();
    CriRuntimeProbe probe = new CriRuntimeProbe(root.resolve(socket), socket, watched,
        new ConfigHolds(root.resolve(configPath), configPath, watched,
            state.flatMap(WatchedInstall::configSha256)));
    Watcher watcher = new Watcher(probe, cfg.readyFile(), api(cfg), cfg.interval(), ReinstallBackoff.DEFAULT,
        Clock.systemUTC());
    Thread hook = new Thread(() -> watcher.stop(STOP_GRACE), "gni-watch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      watcher.run();
    } finally {
      probe.close();
    }
  }

  /** The API of the watcher; checked at start (a missing NODE_NAME is a usage error now, not at the first loss). */
  static Supplier<WatcherApi> api(RunConfig cfg) {
    String node = cfg.nodeName().filter(n -> !n.isBlank()).orElseThrow(() -> new UsageException(
        "node name unknown: set NODE_NAME from spec.nodeName (downward API) or pass --node-name"));
    String pod = cfg.podName().orElseThrow(() -> new UsageException(
        "watch needs its pod: set POD_NAME from metadata.name (downward API) or pass --pod-name"));
    String ns = cfg.podNamespace().orElseThrow(() -> new UsageException(
        "watch needs its namespace: set POD_NAMESPACE from metadata.namespace or pass --pod-namespace"));
    NodeLabels labels = new NodeLabels(cfg.labelPrefix());
    return () -> new FabricWatcherApi(KubeClients.create(cfg), node, labels, cfg.readiness(), ns, pod);
  }

  /** For tests: the path of the socket under a host root. */
  static Path socket(RunConfig cfg) {
    return new HostRoot(cfg.hostRoot()).resolve(cfg.containerdSocket());
  }
}
