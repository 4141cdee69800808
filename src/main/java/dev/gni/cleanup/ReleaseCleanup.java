package dev.gni.cleanup;

import dev.gni.kube.NodeEvent;
import dev.gni.kube.NodeLabels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cleanup}, the chart's pre-delete hook: removes gVisor from every node where the release installed it.
 * The nodes are those that run the release's install DaemonSet pods, and those labelled ready. Each gets the
 * uninstall label: the install DaemonSet's pod leaves it (its affinity excludes that label) and the uninstall
 * DaemonSet's pod runs {@code uninstall} there. Waits, up to the timeout, for each node's Uninstalled or
 * UninstallBlocked Event, prints one summary line per node, removes the uninstall labels again, and never
 * fails: Helm proceeds whatever the outcome.
 */
public final class ReleaseCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseCleanup.class);
  static final String COMPONENT = "gvisor-node-installer";
  /** Where the installer records its node Events (kubelet's namespace for them). */
  static final String EVENTS_NAMESPACE = "default";

  private final KubernetesClient client;
  private final NodeLabels labels;
  private final String release;
  private final Duration timeout;
  private final Duration poll;
  private final Clock clock;
  private final PrintStream out;

  public ReleaseCleanup(KubernetesClient client, NodeLabels labels, String release, Duration timeout,
      Duration poll, Clock clock, PrintStream out) {
    this.client = client;
    this.labels = labels;
    this.release = release;
    this.timeout = timeout;
    this.poll = poll;
    this.clock = clock;
    this.out = out;
  }

  /** @return the outcome per node ("Uninstalled", "UninstallBlocked: ...", "no report ...") */
  public Map<String, String> run() {
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> outcome = new TreeMap<>();
    Set<String> nodes;
    try {
      nodes = targets();
    } catch (KubernetesClientException e) {
      out.println("cleanup: cannot find the nodes of release " + release + ": " + e.getMessage()
          + "; remove gVisor by hand (docs/rollout.md)");
      return outcome;
    }
    if (nodes.isEmpty()) {
      out.println("cleanup: no node has gVisor from release " + release);
      return outcome;
    }
    nodes.forEach(n -> label(n, true));
    LOG.info("cleanup: uninstalling gVisor on {} node(s) {}, waiting up to {} s", nodes.size(), nodes,
        timeout.toSeconds());
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      outcome.putAll(reports(nodes, start));
      if (outcome.keySet().containsAll(nodes) || !clock.instant().isBefore(deadline)) {
        break;
      }
      sleep();
    }
    nodes.forEach(n -> outcome.putIfAbsent(n, "no report within " + timeout.toSeconds()
        + " s: gVisor may still be installed; see the node's Events"));
    nodes.forEach(n -> label(n, false));
    outcome.forEach((n, o) -> out.println("cleanup: node " + n + ": " + o));
    long done = outcome.values().stream().filter("Uninstalled"::equals).count();
    out.println("cleanup: gVisor removed from " + done + " of " + nodes.size() + " node(s)"
        + (done == nodes.size() ? "" : "; the others keep it: drain them, then follow docs/rollout.md (kubectl)"));
    return outcome;
  }

  private Set<String> targets() {
    Set<String> nodes = new TreeSet<>();
    for (Pod p : client.pods().withLabel("app.kubernetes.io/instance", release)
        .withLabel("app.kubernetes.io/component", "install").list().getItems()) {
      if (p.getSpec() != null && p.getSpec().getNodeName() != null) {
        nodes.add(p.getSpec().getNodeName());
      }
    }
    client.nodes().withLabel(labels.readyKey(), NodeLabels.READY_VALUE).list().getItems()
        .forEach(n -> nodes.add(n.getMetadata().getName()));
    return nodes;
  }

  /** The latest Uninstalled or UninstallBlocked Event of each node since {@code since}. */
  private Map<String, String> reports(Set<String> nodes, Instant since) {
    Map<String, String> latest = new TreeMap<>();
    Map<String, Instant> at = new TreeMap<>();
    try {
      for (Event e : client.v1().events().inNamespace(EVENTS_NAMESPACE).list().getItems()) {
        String node = e.getInvolvedObject() == null ? null : e.getInvolvedObject().getName();
        boolean ours = e.getSource() != null && COMPONENT.equals(e.getSource().getComponent());
        Instant when = e.getLastTimestamp() == null ? null : Instant.parse(e.getLastTimestamp());
        if (!ours || node == null || !nodes.contains(node) || when == null || when.isBefore(since)) {
          continue;
        }
        String text = NodeEvent.UNINSTALLED.reason().equals(e.getReason()) ? "Uninstalled"
            : NodeEvent.UNINSTALL_BLOCKED.reason().equals(e.getReason()) ? "UninstallBlocked: " + e.getMessage()
            : null;
        if (text != null && (!at.containsKey(node) || !when.isBefore(at.get(node)))) {
          latest.put(node, text);
          at.put(node, when);
        }
      }
    } catch (KubernetesClientException e) {
      LOG.warn("cleanup: cannot list Events ({}); retrying", e.getMessage());
    }
    return latest;
  }

  /** Sets the uninstall label by a merge patch, or removes it by a JSON patch (no resourceVersion either way). */
  private void label(String node, boolean set) {
    String key = labels.uninstallKey();
    try {
      if (set) {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"" + key + "\":\"true\"}}}");
      } else {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON),
            "[{\"op\":\"remove\",\"path\":\"/metadata/labels/" + key.replace("~", "~0").replace("/", "~1") + "\"}]");
      }
    } catch (KubernetesClientException e) {
      LOG.warn("cleanup: cannot {} {} on node {}: {}", set ? "set" : "remove", labels.uninstallKey(), node,
          e.getMessage());
    }
  }

  private void sleep() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("cleanup interrupted", e);
    }
  }
}
