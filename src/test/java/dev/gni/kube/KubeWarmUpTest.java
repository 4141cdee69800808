package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** The warm-up makes no API call (fabric8's CRUD mock server counts the requests it gets), and it ends. */
@EnableKubernetesMockClient(crud = true)
class KubeWarmUpTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void loadsTheFirstCallsClasses_withoutAnApiCall() throws Exception {
    int before = server.getRequestCount();

    Thread t = KubeWarmUp.start(client, "node-1", new NodeLabels("gvisor.dev"));
    t.join(120_000);

    assertFalse(t.isAlive(), "the warm-up ended");
    assertEquals(before, server.getRequestCount(), "no request reached the API server");
  }
}
