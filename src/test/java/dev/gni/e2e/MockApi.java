package dev.gni.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEST ONLY: the Kubernetes API of the e2e test is fabric8's kubernetes-server-mock in CRUD mode, because no
 * real API server exists on the build machine. It stores the Node and the Events and applies the
 * installer's patches like an API server; the installer reaches it through a kubeconfig file, as it would a
 * cluster outside a pod.
 */
public record MockApi(KubernetesClient client) {
  public static final String READY_LABEL = "gvisor.dev/runsc";

  /** Creates (or resets) the Node, opted in with gvisor.dev/install=true, and deletes all Events. */
  public void resetNode(String name) {
    client.nodes().withName(name).delete();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels("kubernetes.io/hostname", name).addToLabels("gvisor.dev/install", "true")
        .endMetadata().build()).create();
    client.v1().events().inNamespace("default").delete();
  }

  /** A kubeconfig that points at the mock server (self-signed TLS, no auth). */
  public Path kubeconfig(Path dir) {
    return kubeconfig(client.getConfiguration().getMasterUrl(), dir);
  }

  /** A kubeconfig that points at {@code server} (self-signed TLS, a token the mock ignores). */
  public static Path kubeconfig(String server, Path dir) {
    Path file = dir.resolve("kubeconfig");
    try {
      Files.writeString(file, """
          apiVersion: v1
          kind: Config
          clusters:
          - name: mock
            cluster:
              server: %s
              insecure-skip-tls-verify: true
          contexts:
          - name: mock
            context:
              cluster: mock
              user: mock
          current-context: mock
          users:
          - name: mock
            user:
              token: e2e-test
          """.formatted(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public Node node(String name) {
    return client.nodes().withName(name).get();
  }

  public Optional<String> label(String node, String key) {
    Map<String, String> labels = node(node).getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(key));
  }

  public Map<String, String> annotations(String node) {
    Map<String, String> a = node(node).getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  public List<Event> events(String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }
}
