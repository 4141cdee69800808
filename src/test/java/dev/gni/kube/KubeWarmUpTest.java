package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gni.config.RunConfig.Readiness;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * The client built in the background: no API call on the way (fabric8's CRUD mock server counts the requests
 * it gets), and a client that cannot be built fails the reporter's {@code awaitClient()} with its own error.
 */
@EnableKubernetesMockClient(crud = true)
class KubeWarmUpTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void loadsTheFirstCallsClasses_withoutAnApiCall() throws Exception {
    int before = server.getRequestCount();

    KubernetesClient built = KubeWarmUp.start(() -> client, "node-1", new NodeLabels("gvisor.dev"))
        .get(120, TimeUnit.SECONDS);
    for (Thread t : Thread.getAllStackTraces().keySet()) { // the warm-up goes on after the client is handed over
      if (t.getName().equals(KubeWarmUp.THREAD)) {
        t.join(120_000);
        assertFalse(t.isAlive(), "the warm-up ended");
      }
    }

    assertSame(client, built);
    assertEquals(before, server.getRequestCount(), "no request reached the API server");
  }

  @Test
  void aClientThatCannotBeBuilt_failsAwaitClient_withItsError() {
    FabricNodeReporter reporter = new FabricNodeReporter(KubeWarmUp.start(() -> {
      throw new IllegalArgumentException("cannot read kubeconfig /nope: no such file");
    }, "node-1", new NodeLabels("gvisor.dev")), "node-1", new NodeLabels("gvisor.dev"), Readiness.LABEL);

    assertEquals("cannot read kubeconfig /nope: no such file",
        assertThrows(IllegalArgumentException.class, reporter::awaitClient).getMessage());
    reporter.close();
  }
}
