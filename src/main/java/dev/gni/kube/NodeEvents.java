package dev.gni.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the core v1 Events the installer records on its Node, the way kubelet records node Events: in
 * namespace {@code default}, involvedObject kind Node, source component {@value #COMPONENT} and host = node.
 * Each call makes a new Event with a unique name ({@code <node>.<hex nanos>.<n>}); repeats are not
 * aggregated into a count, which keeps a run to one API call per Event and needs no {@code patch} on events.
 */
final class NodeEvents {
  static final String COMPONENT = "gvisor-node-installer";
  static final String NAMESPACE = "default";
  private static final int MAX_MESSAGE = 1024;

  private final String nodeName;
  private final Clock clock;
  private final AtomicInteger sequence = new AtomicInteger();

  NodeEvents(String nodeName, Clock clock) {
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /**
   * @param nodeUid the Node's uid if known; else the node name, as kubelet does (kubectl describe node
   *     lists Events under either)
   */
  Event build(NodeEvent event, String message, String nodeUid) {
    Instant now = clock.instant();
    String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    return new EventBuilder()
        .withNewMetadata()
          .withName(nodeName + "." + Long.toHexString(nanos) + "." + sequence.incrementAndGet())
          .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewInvolvedObject()
          .withApiVersion("v1").withKind("Node").withName(nodeName)
          .withUid(nodeUid == null ? nodeName : nodeUid)
        .endInvolvedObject()
        .withReason(event.reason())
        .withType(event.type())
        .withMessage(text)
        .withNewSource().withComponent(COMPONENT).withHost(nodeName).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(nodeName)
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .build();
  }
}
