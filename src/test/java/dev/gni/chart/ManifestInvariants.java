package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gni.config.Option;
import dev.gni.kube.ApiAction;
import dev.gni.kube.NodeLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What must hold for any rendering of the chart and for k8s/, checked on the parsed objects: only the
 * installer (init container) is privileged, the pause container is locked down, the RuntimeClass selects
 * the installer's ready label, the RBAC verbs are exactly those the code uses, env names are the CLI's.
 */
final class ManifestInvariants {
  static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

  private ManifestInvariants() {
  }

  static void check(Manifests m, String labelPrefix) {
    NodeLabels labels = new NodeLabels(labelPrefix);
    List<String> unknown = new ArrayList<>();
    m.all().forEach(o -> unknown.addAll(KnownFields.unknown(o)));
    assertTrue(unknown.isEmpty(), "fields the Kubernetes API does not know: " + unknown);
    List<JsonNode> daemonSets = m.ofKind("DaemonSet");
    assertFalse(daemonSets.isEmpty(), "no DaemonSet");
    daemonSets.forEach(d -> checkDaemonSet(d, labels));
    m.ofKind("RuntimeClass").forEach(rc -> checkRuntimeClass(rc, labels, daemonSets.get(0)));
    String account = daemonSets.get(0).at("/spec/template/spec/serviceAccountName").asText();
    m.find("ClusterRole", account).ifPresent(role -> checkRbac(role, m.find("Role", account + "-events")
        .orElseThrow(() -> new AssertionError("no Role " + account + "-events for the installer's Events"))));
    m.ofKind("Namespace").forEach(ManifestInvariants::checkNamespace);
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      m.ofKind(kind).stream().filter(b -> b.at("/roleRef/name").asText().startsWith(account)
          && !b.at("/roleRef/name").asText().startsWith(account + "-cleanup")).forEach(b -> assertEquals(account,
          b.at("/subjects/0/name").asText(), "the binding names the DaemonSet's ServiceAccount"));
    }
  }

  static void checkDaemonSet(JsonNode ds, NodeLabels labels) {
    String name = ds.at("/metadata/name").asText();
    JsonNode pod = ds.at("/spec/template/spec");
    assertEquals(1, pod.path("initContainers").size(), name + ": one init container");
    JsonNode installer = pod.at("/initContainers/0");
    assertTrue(installer.at("/securityContext/privileged").asBoolean(), name + ": the installer is privileged");
    assertEquals(1, pod.path("containers").size(), name + ": one main container");
    checkPause(pod.at("/containers/0"), name);

    assertTrue(pod.path("hostPID").asBoolean(), name + ": hostPID");
    assertEquals("system-node-critical", pod.path("priorityClassName").asText(), name);
    assertEquals("linux", pod.at("/nodeSelector/kubernetes.io~1os").asText(), name + ": linux only");
    assertEquals(List.of("amd64", "arm64"), archValues(pod), name + ": amd64 and arm64 only");
    assertEquals("RollingUpdate", ds.at("/spec/updateStrategy/type").asText(), name);
    assertFalse(ds.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").isMissingNode(), name);

    JsonNode volume = pod.at("/volumes/0");
    assertEquals("/", volume.at("/hostPath/path").asText(), name + ": host root volume");
    assertEquals("/host", installer.at("/volumeMounts/0/mountPath").asText(), name + ": mounted at /host");
    assertEquals(volume.path("name").asText(), installer.at("/volumeMounts/0/name").asText(), name);
    assertTrue(installer.at("/resources/requests/memory").isTextual(), name + ": installer requests");
    assertTrue(installer.at("/resources/limits/memory").isTextual(), name + ": installer limits");

    Map<String, JsonNode> env = env(installer);
    Set<String> known = Arrays.stream(Option.values()).map(Option::env).collect(Collectors.toSet());
    assertTrue(known.containsAll(env.keySet()), name + ": env not read by the installer: "
        + new TreeSet<>(env.keySet()).stream().filter(e -> !known.contains(e)).toList());
    assertEquals("spec.nodeName", env.get("NODE_NAME").at("/valueFrom/fieldRef/fieldPath").asText(), name);
    assertEquals("/host", env.get("GNI_HOST_ROOT").path("value").asText(), name);
    assertEquals(labels.prefix(), env.get("GNI_LABEL_PREFIX").path("value").asText(), name);
    // GNI_RESTART_UNIT is optional: without it the installer detects the unit from the node's distribution.
    for (String required : List.of("GNI_LOG_FORMAT", "GNI_RESTART", "GNI_RUNTIME_NAME")) {
      assertTrue(env.containsKey(required), name + ": env " + required);
    }
    String command = installer.at("/args/0").asText();
    String selectorKey = command.equals("install") ? labels.installKey() : labels.uninstallKey();
    if (command.equals("uninstall") || pod.path("nodeSelector").has(labels.installKey())) {
      assertEquals("true", pod.path("nodeSelector").path(selectorKey).asText(), name + ": opt-in " + selectorKey);
    }
  }

  static void checkPause(JsonNode pause, String where) {
    JsonNode sc = pause.path("securityContext");
    assertEquals(PAUSE_IMAGE, pause.path("image").asText(), where + ": pinned pause image");
    assertFalse(sc.path("privileged").asBoolean(false), where + ": pause not privileged");
    assertTrue(sc.path("runAsNonRoot").asBoolean(), where + ": pause runAsNonRoot");
    assertEquals(65535, sc.path("runAsUser").asInt(), where + ": pause uid");
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), where + ": pause read-only root");
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), where + ": pause no escalation");
    assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString(), where + ": pause drops ALL");
    assertTrue(sc.at("/capabilities/add").isMissingNode(), where + ": pause adds no capability");
    assertTrue(pause.at("/resources/limits/memory").isTextual(), where + ": pause memory limit");
  }

  static void checkRuntimeClass(JsonNode rc, NodeLabels labels, JsonNode installDs) {
    assertEquals(Map.of(labels.readyKey(), NodeLabels.READY_VALUE), fields(rc.at("/scheduling/nodeSelector")),
        "RuntimeClass selects exactly the installer's ready label");
    String runtimeName = env(installDs.at("/spec/template/spec/initContainers/0")).get("GNI_RUNTIME_NAME")
        .path("value").asText();
    assertEquals(runtimeName, rc.path("handler").asText(), "RuntimeClass handler = the installer's runtime name");
  }

  /**
   * The installer's ClusterRole (nodes) and its Role in namespace default (Events) grant together exactly the
   * (resource, verb) pairs of {@link ApiAction}: what the code calls; events only in that one namespace.
   */
  static void checkRbac(JsonNode clusterRole, JsonNode eventsRole) {
    assertEquals("default", eventsRole.at("/metadata/namespace").asText(), "Events are recorded in default");
    assertFalse(clusterRole.path("rules").toString().contains("\"events\""), "no cluster-wide events grant");
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : (Iterable<JsonNode>) () -> java.util.stream.Stream.concat(
        java.util.stream.StreamSupport.stream(clusterRole.path("rules").spliterator(), false),
        java.util.stream.StreamSupport.stream(eventsRole.path("rules").spliterator(), false)).iterator()) {
      assertEquals("[\"\"]", rule.path("apiGroups").toString(), "core API group only");
      assertTrue(rule.path("resourceNames").isMissingNode() && rule.path("nonResourceURLs").isMissingNode());
      for (JsonNode resource : rule.path("resources")) {
        for (JsonNode verb : rule.path("verbs")) {
          granted.add(resource.asText() + ":" + verb.asText());
        }
      }
    }
    Set<String> used = Arrays.stream(ApiAction.values()).map(a -> a.resource() + ":" + a.verb())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(used, granted, "RBAC grants exactly what the installer calls");
  }

  static void checkNamespace(JsonNode ns) {
    for (String mode : List.of("enforce", "audit", "warn")) {
      assertEquals("privileged", ns.at("/metadata/labels/pod-security.kubernetes.io~1" + mode).asText(), mode);
    }
  }

  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> out = new TreeMap<>();
    container.path("env").forEach(e -> out.put(e.path("name").asText(), e));
    return out;
  }

  static Map<String, String> fields(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static List<String> archValues(JsonNode pod) {
    List<String> values = new ArrayList<>();
    for (JsonNode term : pod.at("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
        + "/nodeSelectorTerms")) {
      for (JsonNode expr : term.path("matchExpressions")) {
        if ("kubernetes.io/arch".equals(expr.path("key").asText()) && "In".equals(expr.path("operator").asText())) {
          expr.path("values").forEach(v -> values.add(v.asText()));
        }
      }
    }
    return values;
  }
}
