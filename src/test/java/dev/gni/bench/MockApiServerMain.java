package dev.gni.bench;

import dev.gni.e2e.MockApi;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * BENCHMARK SUPPORT (bench/ready.sh), not a test: fabric8's CRUD mock API server as a process of its own, because
 * no real API server runs on this machine. It creates the Node {@code NODE}, writes a kubeconfig that points at
 * itself to {@code DIR/kubeconfig}, prints {@code ready}, and serves until its standard input closes. Then it
 * prints the labels of the Node, the reasons of the Events it holds and whether the pod is still there, so the
 * benchmark can check that the run it timed really labelled the node, posted its Event or deleted its pod.
 *
 * <p>Usage: {@code MockApiServerMain DIR NODE [NAMESPACE/POD]} (the pod, for bench/watcher.sh: the watcher's own).
 */
public final class MockApiServerMain {
  private MockApiServerMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String node = args[1];
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient client = server.createClient()) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node)
          .addToLabels("kubernetes.io/hostname", node).addToLabels("gvisor.dev/install", "true")
          .endMetadata().build()).create();
      String[] pod = args.length > 2 ? args[2].split("/", 2) : null;
      if (pod != null) {
        client.pods().inNamespace(pod[0]).resource(new PodBuilder().withNewMetadata().withName(pod[1])
            .withNamespace(pod[0]).endMetadata().build()).create();
      }
      MockApi.kubeconfig(client.getConfiguration().getMasterUrl(), dir);
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the benchmark closes our standard input
      }
      System.out.println("labels " + client.nodes().withName(node).get().getMetadata().getLabels());
      client.v1().events().inAnyNamespace().list().getItems()
          .forEach(e -> System.out.println("event " + e.getReason()));
      if (pod != null) {
        System.out.println("pod " + args[2] + (client.pods().inNamespace(pod[0]).withName(pod[1]).get() == null
            ? " deleted" : " present"));
      }
    } finally {
      server.destroy();
    }
  }
}
