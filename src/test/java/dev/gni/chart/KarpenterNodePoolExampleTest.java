package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gni.kube.NodeLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Karpenter NodePools of docs/eks.md, checked against Karpenter's v1 NodePool CRD as published in
 * aws/karpenter-provider-aws, pkg/apis/crds/karpenter.sh_nodepools.yaml at commit
 * 004b39bdf7db80ecf9d191f8027a68723435238e (API version karpenter.sh/v1, controller-gen v0.17.1): its required
 * fields (spec.template, template.spec, nodeClassRef group/kind/name, requirements; requirement key/operator;
 * taint key/effect; disruption.consolidateAfter), enums, patterns and the CEL rules on labels and requirement keys
 * (restricted domains kubernetes.io, k8s.io, karpenter.sh, karpenter.k8s.aws). Then against the chart: in taint
 * mode the NodePool carries the label the RuntimeClass selects and the startup taint the installer removes, and
 * the RuntimeClass tolerates the pool's other taints.
 */
class KarpenterNodePoolExampleTest {
  private static final Path DOC = Path.of("docs/eks.md");
  private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
  private static final Pattern QUALIFIED = Pattern.compile(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
  private static final Pattern DURATION = Pattern.compile("^(([0-9]+(s|m|h))+)|(Never)$");
  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> KUBERNETES_IO_ALLOWED = Set.of("beta.kubernetes.io/instance-type",
      "failure-domain.beta.kubernetes.io/region", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
      "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
      "node.kubernetes.io/instance-type", "kubernetes.io/arch", "kubernetes.io/os", "node.kubernetes.io/windows-build");
  private static final Set<String> KARPENTER_AWS_ALLOWED = Set.of("karpenter.k8s.aws/ec2nodeclass",
      "karpenter.k8s.aws/instance-category", "karpenter.k8s.aws/instance-family",
      "karpenter.k8s.aws/instance-generation", "karpenter.k8s.aws/instance-size", "karpenter.k8s.aws/instance-cpu",
      "karpenter.k8s.aws/instance-memory", "karpenter.k8s.aws/instance-hypervisor");

  /** Every YAML document of the page's ```yaml blocks whose kind is NodePool. */
  static List<JsonNode> nodePools() throws Exception {
    Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(Files.readString(DOC));
    List<JsonNode> out = new ArrayList<>();
    while (m.find()) {
      Manifests.parse(m.group(1)).ofKind("NodePool").forEach(out::add);
    }
    return out;
  }

  @Test
  void everyNodePool_validAgainstTheV1Crd() throws Exception {
    List<JsonNode> pools = nodePools();
    assertEquals(2, pools.size(), "docs/eks.md has a NodePool per readiness mode");
    for (JsonNode p : pools) {
      List<String> errors = crdErrors(p);
      assertTrue(errors.isEmpty(), p.at("/metadata/name").asText() + ": " + errors);
    }
  }

  @Test
  void crdCheck_catchesWhatTheIssueSaw() {
    JsonNode noRequirements = Manifests.parse("""
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata: {name: x}
        spec:
          template:
            metadata:
              labels: {gvisor.dev/runsc: ready, karpenter.sh/nodepool: x, kubernetes.io/hostname: h}
            spec:
              nodeClassRef: {name: default}
              startupTaints: [{key: gvisor.dev/runsc-not-ready, effect: NoScheduleX}]
        """).ofKind("NodePool").get(0);
    List<String> errors = crdErrors(noRequirements);
    assertTrue(errors.contains("spec.template.spec.requirements is required"), errors::toString);
    assertTrue(errors.contains("spec.template.spec.nodeClassRef.group is required"), errors::toString);
    assertTrue(errors.stream().anyMatch(e -> e.contains("karpenter.sh/nodepool")), errors::toString);
    assertTrue(errors.stream().anyMatch(e -> e.contains("kubernetes.io/hostname")), errors::toString);
    assertTrue(errors.stream().anyMatch(e -> e.contains("NoScheduleX")), errors::toString);
  }

  @Test
  void taintModeNodePool_matchesTheChartsTaintModeRendering() throws Exception {
    JsonNode pool = nodePools().stream().filter(p -> p.at("/spec/template/spec/startupTaints").size() > 0)
        .findFirst().orElseThrow();
    NodeLabels labels = new NodeLabels(NodeLabels.DEFAULT_PREFIX);
    Manifests chart = Manifests.parse(Chart.template(Map.of("readiness", Map.of("mode", "taint"), "runtimeClass",
        Map.of("tolerations", List.of(Map.of("key", "sandbox", "operator", "Equal", "value", "true",
            "effect", "NoSchedule"))))));
    JsonNode rc = chart.ofKind("RuntimeClass").get(0);
    Map<String, String> poolLabels = ManifestInvariants.fields(pool.at("/spec/template/metadata/labels"));
    ManifestInvariants.fields(rc.at("/scheduling/nodeSelector")).forEach((k, v) -> assertEquals(v, poolLabels.get(k),
        "the NodePool gives new nodes the RuntimeClass's label " + k + " (so Karpenter knows they fit)"));
    assertEquals("true", poolLabels.get(labels.installKey()), "the DaemonSet's opt-in label");
    JsonNode startup = pool.at("/spec/template/spec/startupTaints/0");
    assertEquals(labels.notReadyTaintKey(), startup.path("key").asText());
    assertEquals("NoSchedule", startup.path("effect").asText());
    for (JsonNode t : pool.at("/spec/template/spec/taints")) {
      boolean tolerated = false;
      for (JsonNode tol : rc.at("/scheduling/tolerations")) {
        tolerated |= tol.path("key").asText().equals(t.path("key").asText())
            && (tol.path("effect").isMissingNode() || tol.path("effect").asText().equals(t.path("effect").asText()));
      }
      assertTrue(tolerated, "gVisor pods tolerate the pool's taint " + t);
    }
    assertFalse(pool.at("/spec/template/spec/requirements").toString().contains(labels.readyKey()),
        "no requirement on the ready label: Karpenter would set it at launch");
  }

  /** The CRD's structural and CEL rules that a NodePool example can break. */
  static List<String> crdErrors(JsonNode p) {
    List<String> e = new ArrayList<>();
    if (!"karpenter.sh/v1".equals(p.path("apiVersion").asText())) {
      e.add("apiVersion must be karpenter.sh/v1");
    }
    JsonNode tpl = p.at("/spec/template");
    JsonNode spec = tpl.path("spec");
    require(e, tpl, "spec.template");
    require(e, spec, "spec.template.spec");
    JsonNode ref = spec.path("nodeClassRef");
    require(e, ref, "spec.template.spec.nodeClassRef");
    for (String f : List.of("group", "kind", "name")) {
      if (ref.path(f).asText("").isEmpty()) {
        e.add("spec.template.spec.nodeClassRef." + f + " is required");
      }
    }
    require(e, spec.path("requirements"), "spec.template.spec.requirements");
    tpl.at("/metadata/labels").fields().forEachRemaining(l -> {
      keyRules(e, "label", l.getKey());
      String v = l.getValue().asText();
      if (!l.getValue().isTextual() || v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
        e.add("label value " + l.getKey() + "=" + l.getValue() + " is not a string label value");
      }
    });
    for (JsonNode r : spec.path("requirements")) {
      String key = r.path("key").asText("");
      String op = r.path("operator").asText("");
      if (key.isEmpty() || op.isEmpty()) {
        e.add("requirement needs key and operator: " + r);
      }
      keyRules(e, "requirement", key);
      if (!OPERATORS.contains(op)) {
        e.add("requirement operator " + op + " not one of " + OPERATORS);
      }
      if (op.equals("In") && r.path("values").size() == 0) {
        e.add("requirements with operator 'In' must have a value defined: " + key);
      }
      if ((op.equals("Gt") || op.equals("Lt")) && (r.path("values").size() != 1
          || !r.at("/values/0").asText().matches("\\d+"))) {
        e.add("requirements operator 'Gt' or 'Lt' must have a single positive integer value: " + key);
      }
      r.path("values").forEach(v -> {
        if (!LABEL_VALUE.matcher(v.asText()).matches() || v.asText().length() > 63) {
          e.add("requirement value " + v + " of " + key);
        }
      });
    }
    for (String list : List.of("startupTaints", "taints")) {
      for (JsonNode t : spec.path(list)) {
        if (!QUALIFIED.matcher(t.path("key").asText("")).matches()) {
          e.add(list + " key " + t.path("key") + " missing or not a qualified name");
        }
        if (!EFFECTS.contains(t.path("effect").asText(""))) {
          e.add(list + " effect " + t.path("effect") + " not one of " + EFFECTS);
        }
        if (t.has("value") && !QUALIFIED.matcher(t.path("value").asText()).matches()) {
          e.add(list + " value " + t.path("value"));
        }
      }
    }
    if (spec.has("expireAfter") && !DURATION.matcher(spec.path("expireAfter").asText()).matches()) {
      e.add("expireAfter " + spec.path("expireAfter"));
    }
    JsonNode d = p.at("/spec/disruption");
    if (!d.isMissingNode()) {
      require(e, d.path("consolidateAfter"), "spec.disruption.consolidateAfter");
      if (d.has("consolidationPolicy") && !Set.of("WhenEmpty", "WhenEmptyOrUnderutilized")
          .contains(d.path("consolidationPolicy").asText())) {
        e.add("consolidationPolicy " + d.path("consolidationPolicy"));
      }
      if (d.has("consolidateAfter") && !DURATION.matcher(d.path("consolidateAfter").asText()).matches()) {
        e.add("consolidateAfter " + d.path("consolidateAfter"));
      }
    }
    return e;
  }

  private static void require(List<String> e, JsonNode n, String path) {
    if (n.isMissingNode() || n.isNull()) {
      e.add(path + " is required");
    }
  }

  /** The CEL rules on label keys (template labels) and requirement keys. */
  private static void keyRules(List<String> e, String what, String key) {
    String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    if (!QUALIFIED.matcher(key).matches()) {
      e.add(what + " key " + key + " is not a qualified name");
    }
    if (domain.endsWith("kubernetes.io") && !KUBERNETES_IO_ALLOWED.contains(key)
        && !domain.endsWith("node.kubernetes.io") && !domain.endsWith("node-restriction.kubernetes.io")) {
      e.add(what + " " + key + ": label domain \"kubernetes.io\" is restricted");
    }
    if (domain.endsWith("k8s.io") && !domain.endsWith("kops.k8s.io")) {
      e.add(what + " " + key + ": label domain \"k8s.io\" is restricted");
    }
    if (domain.endsWith("karpenter.sh") && !Set.of("karpenter.sh/capacity-type", "karpenter.sh/nodepool").contains(key)) {
      e.add(what + " " + key + ": label domain \"karpenter.sh\" is restricted");
    }
    if (key.equals("karpenter.sh/nodepool")) {
      e.add(what + " karpenter.sh/nodepool is restricted");
    }
    if (key.equals("kubernetes.io/hostname")) {
      e.add(what + " kubernetes.io/hostname is restricted");
    }
    if (domain.endsWith("karpenter.k8s.aws") && !KARPENTER_AWS_ALLOWED.contains(key)) {
      e.add(what + " " + key + ": label domain \"karpenter.k8s.aws\" is restricted (or not in this test's subset)");
    }
  }
}
