package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.config.Command;
import dev.gni.config.Option;
import dev.gni.config.RunConfig;
import dev.gni.config.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeReportersTest {
  @Test
  void noNodeLabel_reportsNothing() {
    RunConfig run = RunConfig.of(Command.INSTALL, Map.of(Option.NO_NODE_LABEL, "true"));
    assertSame(NodeReporter.NONE, NodeReporters.forRun(run));
  }

  @Test
  void missingNodeName_saysToSetNodeNameFromDownwardApi() {
    RunConfig run = RunConfig.of(Command.INSTALL, Map.of());
    UsageException e = assertThrows(UsageException.class, () -> NodeReporters.forRun(run));
    assertTrue(e.getMessage().contains("NODE_NAME from spec.nodeName"), e.getMessage());
  }

  @Test
  void missingKubeconfigFile_oneLine() {
    RunConfig run = RunConfig.of(Command.INSTALL,
        Map.of(Option.NODE_NAME, "n1", Option.KUBECONFIG, "/nonexistent/kubeconfig"));
    KubeApiException e = assertThrows(KubeApiException.class, () -> NodeReporters.forRun(run));
    assertEquals("kubeconfig /nonexistent/kubeconfig not found; fix --kubeconfig or $KUBECONFIG", e.getMessage());
  }

  @Test
  void kubeconfig_usedWithBoundedTimeoutsAndNoClientRetries(@TempDir Path dir) throws Exception {
    Path kc = dir.resolve("config");
    Files.writeString(kc, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.1.2.3:6443"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """);
    RunConfig run = RunConfig.of(Command.INSTALL,
        Map.of(Option.NODE_NAME, "n1", Option.KUBECONFIG, kc.toString(), Option.LABEL_PREFIX, "example.com"));
    try (var client = KubeClients.create(run);
         var reporter = (FabricNodeReporter) NodeReporters.forRun(run)) {
      assertEquals("https://10.1.2.3:6443/", client.getConfiguration().getMasterUrl());
      assertEquals(0, client.getConfiguration().getRequestRetryBackoffLimit());
      assertEquals(KubeClients.REQUEST_TIMEOUT_MS, client.getConfiguration().getRequestTimeout());
      assertEquals("n1", reporter.nodeName());
    }
  }

  @Test
  void malformedKubeconfig_failsAwaitClient_beforeAnyFlowWrites(@TempDir Path dir) throws Exception {
    Path kc = dir.resolve("config");
    Files.writeString(kc, "apiVersion: v1\nclusters: [ {name: c\n");
    RunConfig run = RunConfig.of(Command.INSTALL, Map.of(Option.NODE_NAME, "n1", Option.KUBECONFIG, kc.toString()));
    NodeReporter reporter = NodeReporters.forRun(run); // built in the background: no error yet

    RuntimeException e = assertThrows(RuntimeException.class, reporter::awaitClient);
    assertTrue(e.getMessage().contains("while parsing a flow mapping"), e.getMessage());
  }

  /** The JDK's java.net.http client, also here where the test classpath has vert.x (the mock API server's). */
  @Test
  void client_usesTheJdkHttpClient_notWhateverTheClasspathOffers() {
    try (var client = KubeClients.builder().withConfig(KubeClients.bounded(
        new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://10.1.2.3:6443").build())).build()) {
      assertEquals("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl",
          client.getHttpClient().getClass().getName());
    }
  }
}
