package dev.gni.kube;

import dev.gni.config.RunConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;

/**
 * Builds the API client for a run: {@code --kubeconfig} (or $KUBECONFIG) when given, else the pod's in-cluster
 * ServiceAccount (fabric8 auto-configuration, which falls back to ~/.kube/config outside a pod). The client's
 * own retries are switched off so that {@link RetryingApi} is the one place that retries (and counts), and
 * every request has a bounded timeout.
 */
public final class KubeClients {
  static final int REQUEST_TIMEOUT_MS = 10_000;
  static final int CONNECT_TIMEOUT_MS = 5_000;

  private KubeClients() {
  }

  public static KubernetesClient create(RunConfig run) {
    Config base = run.kubeconfig()
        .map(path -> {
          File file = new File(path);
          if (!file.isFile()) {
            throw new KubeApiException("kubeconfig " + path + " not found; fix --kubeconfig or $KUBECONFIG");
          }
          return Config.fromKubeconfig(file);
        })
        .orElseGet(() -> Config.autoConfigure(null));
    return new KubernetesClientBuilder().withConfig(bounded(base)).build();
  }

  /** The config with our timeouts and without the client's built-in retries. */
  public static Config bounded(Config base) {
    return new ConfigBuilder(base)
        .withRequestTimeout(REQUEST_TIMEOUT_MS)
        .withConnectionTimeout(CONNECT_TIMEOUT_MS)
        .withRequestRetryBackoffLimit(0)
        .build();
  }
}
