package dev.gni.bench;

import dev.gni.kube.KubeClients;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.File;

/**
 * BENCHMARK SUPPORT (bench/ready.sh), not a test: the floor under the no-op re-run on the chosen stack. A JVM that
 * does nothing but the one API request every no-op must make: the JSON merge patch of the node's ready label, sent
 * as the installer sends it (the client from {@link KubeClients}, the same kubeconfig, the PATCH without a GET),
 * then the client closed and the process ended. No config is parsed, no CRI call is made, nothing is logged.
 * The benchmark runs it with the image's JVM flags on the image's classpath, interleaved with the no-op, so the
 * difference between the two is what the installer's own work adds to a cold JVM's one request.
 *
 * <p>Usage: {@code ApiFloorMain KUBECONFIG NODE}. Exit 0 when the API server returned the patched node.
 */
public final class ApiFloorMain {
  private ApiFloorMain() {}

  public static void main(String[] args) {
    Config config = KubeClients.bounded(Config.fromKubeconfig(new File(args[0])));
    try (KubernetesClient client = KubeClients.builder().withConfig(config).build()) {
      var node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(args[1]).endMetadata().build())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"gvisor.dev/runsc\":\"ready\"}}}");
      if (node == null || !"ready".equals(node.getMetadata().getLabels().get("gvisor.dev/runsc"))) {
        System.err.println("api-floor: the API server did not return the node labelled");
        System.exit(1);
      }
    }
    System.exit(0);
  }
}
