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
 *
 * <p>The HTTP client is the JDK's own ({@code java.net.http}, fabric8's kubernetes-httpclient-jdk), chosen
 * here rather than by fabric8's ServiceLoader lookup: the shipped classpath has no other, and the test
 * classpath (the mock API server brings vert.x) must not quietly test a different one.
 */
public final class KubeClients {
  static final int REQUEST_TIMEOUT_MS = 10_000;
  static final int CONNECT_TIMEOUT_MS = 5_000;

  private KubeClients() {
  }

  public static KubernetesClient create(RunConfig run) {
    Config base = run.kubeconfig()
        .map(path -> Config.fromKubeconfig(requireFile(path)))
        .orElseGet(() -> Config.autoConfigure(null));
    return builder().withConfig(bounded(base)).build();
  }

  /** The kubeconfig file; a one-line error when there is none (checked at once, before the client is built). */
  public static File requireFile(String path) {
    File file = new File(path);
    if (!file.isFile()) {
      throw new KubeApiException("kubeconfig " + path + " not found; fix --kubeconfig or $KUBECONFIG");
    }
    return file;
  }

  /** A client builder on the JDK's {@code java.net.http} client: how every API client of the installer is built. */
  public static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder().withHttpClientFactory(new ClosingJdkHttpClientFactory());
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
