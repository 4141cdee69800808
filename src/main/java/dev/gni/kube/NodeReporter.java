package dev.gni.kube;

import java.util.Map;

/** What the install flow tells the Kubernetes API about its node. */
public interface NodeReporter {
  NodeReporter NONE = new NodeReporter() {
    @Override
    public void markReady(Map<String, String> annotations) {
    }

    @Override
    public void clearReady() {
    }

    @Override
    public void event(NodeEvent event, String message) {
    }
  };

  /** Sets the ready label and these annotations (keys without prefix), by a merge patch of metadata only. */
  void markReady(Map<String, String> annotations);

  /** Removes the ready label (and our annotations). */
  void clearReady();

  /** Records an Event on the Node. Never throws for a failed Event: Events are best effort. */
  void event(NodeEvent event, String message);
}
