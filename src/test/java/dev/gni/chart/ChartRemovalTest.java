package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gni.config.CommandLine;
import dev.gni.config.Command;
import dev.gni.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's removal path and the review's defects: the pre-delete cleanup hook with its RBAC (hook
 * resources only), opposite node selectors of install and uninstall, image digests, kubeVersion, tokens.
 */
class ChartRemovalTest {
  private static final String CLEANUP = Chart.RELEASE + "-cleanup";
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  private static Manifests render(Map<String, Object> values) {
    return Manifests.parse(Chart.templateWithHooks(values));
  }

  @Test
  void cleanupHook_rendersByDefault_allHookResources_withExactlyTheRbacItUses() {
    Manifests m = render(Map.of());
    List<JsonNode> hook = m.all().stream().filter(o -> o.at("/metadata/name").asText().startsWith(CLEANUP)).toList();
    assertEquals(new TreeSet<>(List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
        "DaemonSet", "Job")), new TreeSet<>(hook.stream().map(o -> o.path("kind").asText()).toList()));
    for (JsonNode o : hook) {
      JsonNode a = o.at("/metadata/annotations");
      assertEquals("pre-delete", a.path("helm.sh/hook").asText(), o.path("kind").asText());
      assertEquals("before-hook-creation,hook-succeeded,hook-failed", a.path("helm.sh/hook-delete-policy").asText(),
          o.path("kind").asText() + ": exists only while the hook runs");
    }
    assertEquals(List.of("nodes:list", "nodes:patch"), grants(m.find("ClusterRole", CLEANUP).orElseThrow()));
    JsonNode pods = m.find("Role", CLEANUP).orElseThrow();
    assertEquals(List.of("pods:list"), grants(pods));
    assertEquals(Chart.NAMESPACE, pods.at("/metadata/namespace").asText());
    JsonNode events = m.find("Role", CLEANUP + "-events").orElseThrow();
    assertEquals(List.of("events:list"), grants(events));
    assertEquals("default", events.at("/metadata/namespace").asText(), "the installer's Events are there");
    for (JsonNode b : m.ofKind("ClusterRoleBinding").stream().filter(b -> b.at("/metadata/name").asText()
        .startsWith(CLEANUP)).toList()) {
      assertEquals(CLEANUP, b.at("/subjects/0/name").asText());
    }
    assertEquals(2, m.ofKind("RoleBinding").stream().filter(b -> b.at("/subjects/0/name").asText().equals(CLEANUP))
        .count());

    // the weights order RBAC, then the DaemonSet, then the Job that Helm waits for
    assertEquals("-10", m.find("ClusterRole", CLEANUP).orElseThrow().at("/metadata/annotations/helm.sh~1hook-weight")
        .asText());
    assertEquals("-5", m.find("DaemonSet", CLEANUP).orElseThrow().at("/metadata/annotations/helm.sh~1hook-weight")
        .asText());
    JsonNode job = m.find("Job", CLEANUP).orElseThrow();
    assertEquals("0", job.at("/metadata/annotations/helm.sh~1hook-weight").asText());
    JsonNode pod = job.at("/spec/template/spec");
    assertEquals(CLEANUP, pod.path("serviceAccountName").asText());
    assertEquals(List.of("cleanup"), texts(pod.at("/containers/0/args")));
    assertEquals(0, job.at("/spec/backoffLimit").asInt(), "one run; it never fails anyway");
    assertEquals(300, job.at("/spec/activeDeadlineSeconds").asInt(), "timeout 240 s + 60");
    assertProjectedToken(pod, 0);
  }

  /** The hook Job's env is what the installer's own parser accepts: cleanup of this release, 240 s. */
  @Test
  void cleanupJobEnv_parsesWithTheInstallersCommandLine() {
    JsonNode c = render(Map.of()).find("Job", CLEANUP).orElseThrow().at("/spec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    ManifestInvariants.env(c).forEach((k, v) -> env.put(k, v.path("value").asText()));
    RunConfig run = CommandLine.parse(texts(c.path("args")), env);
    assertEquals(Command.CLEANUP, run.command());
    assertEquals(Chart.RELEASE, run.release());
    assertEquals(240, run.cleanupTimeout().toSeconds());
    assertEquals("gvisor.dev", run.labelPrefix());
  }

  @Test
  void installAndUninstallDaemonSets_haveOppositeNodeSelectors() {
    Manifests m = render(Map.of());
    JsonNode install = m.daemonSet("install").orElseThrow().at("/spec/template/spec");
    JsonNode uninstall = m.find("DaemonSet", CLEANUP).orElseThrow().at("/spec/template/spec");
    assertEquals("true", uninstall.at("/nodeSelector/gvisor.dev~1uninstall").asText());
    for (JsonNode term : install.at("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
        + "/nodeSelectorTerms")) {
      assertTrue(term.path("matchExpressions").toString()
          .contains("{\"key\":\"gvisor.dev/uninstall\",\"operator\":\"DoesNotExist\"}"), term::toString);
    }
    assertFalse(uninstall.toString().contains("DoesNotExist"), "the uninstall DaemonSet excludes nothing");
    Manifests plain = Manifests.parse(String.join("\n---\n", K8sManifests.render().values()));
    assertTrue(plain.daemonSet("install").orElseThrow().at("/spec/template/spec/affinity").toString()
        .contains("\"gvisor.dev/uninstall\",\"operator\":\"DoesNotExist\""), "k8s/ too");
  }

  @Test
  void cleanupOff_noHook_andWithTheUninstallDaemonSetEnabled_noSecondOne() {
    Manifests off = render(Map.of("cleanup", Map.of("onUninstall", false)));
    assertTrue(off.all().stream().noneMatch(o -> o.toString().contains("helm.sh/hook\":\"pre-delete")));
    Manifests both = render(Map.of("uninstall", Map.of("enabled", true)));
    assertTrue(both.find("DaemonSet", CLEANUP).isEmpty() && both.find("Job", CLEANUP).isPresent());
  }

  @Test
  void everyPod_hasNoAutomountedToken_onlyTheInstallerGetsAProjectedOne() {
    Manifests m = render(Map.of());
    for (JsonNode ds : m.ofKind("DaemonSet")) {
      JsonNode pod = ds.at("/spec/template/spec");
      assertProjectedToken(pod, -1);
      assertTrue(pod.at("/initContainers/0/volumeMounts").toString().contains("kube-api-access"));
      assertFalse(pod.at("/containers").toString().contains("kube-api-access"), "the pause container has none");
    }
    JsonNode test = m.all().stream().filter(o -> o.at("/metadata/annotations/helm.sh~1hook").asText()
        .equals("test")).findFirst().orElseThrow();
    assertFalse(test.at("/spec/automountServiceAccountToken").asBoolean(true), "helm test pod: no token");
    assertEquals("gvisor", test.at("/spec/runtimeClassName").asText(), "helm test still runs a gVisor pod");
  }

  @Test
  void imageDigest_rendersRepositoryAtDigest_andTagsCannotCarryOne() {
    Manifests m = render(Map.of("image", Map.of("digest", DIGEST, "tag", "0.1.0")));
    String ref = "ghcr.io/gvisor-node-installer/gvisor-node-installer@" + DIGEST;
    assertEquals(ref, m.daemonSet("install").orElseThrow().at("/spec/template/spec/initContainers/0/image").asText());
    assertEquals(ref, m.find("Job", CLEANUP).orElseThrow().at("/spec/template/spec/containers/0/image").asText());
    for (String bad : List.of(DIGEST, "0.1.0@" + DIGEST)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Chart.template(Map.of("image", Map.of("tag", bad))));
      assertTrue(e.getMessage().contains("image.tag"), e.getMessage());
    }
    assertThrows(IllegalStateException.class, () -> Chart.template(Map.of("image", Map.of("digest", "sha256:abc"))));
  }

  @Test
  void chartDeclaresKubeVersion_andHelmRefusesAnOlderCluster() {
    Path asIs = Chart.copyAsIs();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.template(asIs, Map.of()));
      assertTrue(e.getMessage().contains("chart requires kubeVersion: >=1.25.0-0 which is incompatible with"
          + " Kubernetes v1.20.0"), e.getMessage());
    } finally {
      Chart.deleteTree(asIs);
    }
  }

  private static void assertProjectedToken(JsonNode pod, int containerIndex) {
    assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "automountServiceAccountToken: false");
    JsonNode volume = null;
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals("kube-api-access")) {
        volume = v;
      }
    }
    assertTrue(volume != null && volume.at("/projected/sources/0/serviceAccountToken/expirationSeconds").asInt() > 0,
        pod::toString);
    if (containerIndex >= 0) {
      assertEquals("/var/run/secrets/kubernetes.io/serviceaccount",
          pod.at("/containers/" + containerIndex + "/volumeMounts/0/mountPath").asText());
    }
  }

  private static List<String> grants(JsonNode role) {
    List<String> out = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode r : rule.path("resources")) {
        for (JsonNode v : rule.path("verbs")) {
          out.add(r.asText() + ":" + v.asText());
        }
      }
    }
    return out.stream().sorted().toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
