package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gni.config.Option;
import dev.gni.kube.NodeLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The watcher container of the install DaemonSet: least privilege (not privileged, no capabilities, read-only root
 * and host mounts, no host root), the readiness probe on the file the watcher writes, minReadySeconds, and an env
 * the CLI reads.
 */
final class WatcherInvariants {
  private WatcherInvariants() {
  }

  static void check(JsonNode ds, NodeLabels labels) {
    JsonNode pod = ds.at("/spec/template/spec");
    JsonNode w = pod.at("/containers/0");
    String where = ds.at("/metadata/name").asText() + " watcher";
    assertEquals("install", pod.at("/initContainers/0/args/0").asText(), where + ": only in the install DaemonSet");
    assertEquals(List.of("watch"), texts(w.path("args")), where);
    List<String> command = texts(w.path("command"));
    assertEquals("java", command.get(0), where);
    assertEquals(List.of("-cp", "@/app/jib-classpath-file", "dev.gni.cli.Main"),
        command.subList(command.size() - 3, command.size()), where + ": the image's classpath and main class");
    JsonNode sc = w.path("securityContext");
    assertFalse(sc.path("privileged").asBoolean(true), where + ": not privileged");
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), where + ": read-only root");
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), where + ": no escalation");
    assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString(), where + ": drops ALL");
    assertTrue(sc.at("/capabilities/add").isMissingNode(), where + ": adds no capability");
    assertTrue(w.at("/resources/limits/memory").isTextual(), where + ": memory limit");

    Map<String, JsonNode> volumes = new java.util.TreeMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    List<String> hostMounts = new ArrayList<>();
    for (JsonNode m : w.path("volumeMounts")) {
      JsonNode v = volumes.get(m.path("name").asText());
      assertTrue(v != null, where + ": volume " + m);
      if (v.has("hostPath")) {
        String path = v.at("/hostPath/path").asText();
        assertFalse(path.equals("/"), where + ": never the host root");
        assertTrue(m.path("readOnly").asBoolean(), where + ": host path " + path + " read-only");
        assertEquals("/host" + path, m.path("mountPath").asText(), where + ": at its host path under /host");
        hostMounts.add(path);
      }
    }
    assertTrue(hostMounts.contains("/var/lib/gvisor-node-installer"), where + ": reads the install state");

    List<String> probe = texts(w.at("/readinessProbe/exec/command"));
    Map<String, JsonNode> env = ManifestInvariants.env(w);
    assertEquals(List.of("test", "-f", env.get("GNI_READY_FILE").path("value").asText()), probe,
        where + ": the probe tests the file the watcher writes");
    assertTrue(probe.get(2).startsWith(mountOf(w, "run")), where + ": the ready file is on the emptyDir");
    assertTrue(ds.at("/spec/minReadySeconds").asInt() > 0, where + ": minReadySeconds");
    String socket = env.get("GNI_CONTAINERD_SOCKET").path("value").asText();
    assertTrue(hostMounts.contains(socket.substring(0, socket.lastIndexOf('/'))), where + ": the socket's directory");

    Set<String> known = Arrays.stream(Option.values()).map(Option::env).collect(Collectors.toSet());
    assertTrue(known.containsAll(env.keySet()), where + ": env the CLI does not read: " + env.keySet());
    for (String downward : List.of("NODE_NAME", "POD_NAME", "POD_NAMESPACE")) {
      assertTrue(env.get(downward).at("/valueFrom/fieldRef/fieldPath").isTextual(), where + ": " + downward);
    }
    assertEquals(labels.prefix(), env.get("GNI_LABEL_PREFIX").path("value").asText(), where);
    assertEquals(ManifestInvariants.env(pod.at("/initContainers/0")).get("GNI_READINESS").path("value").asText(),
        env.get("GNI_READINESS").path("value").asText(), where + ": the installer's readiness mode");
  }

  private static String mountOf(JsonNode container, String volume) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (volume.equals(m.path("name").asText())) {
        return m.path("mountPath").asText();
      }
    }
    return "(none)";
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
