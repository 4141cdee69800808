package dev.gni.kube;

import java.util.Map;

/** What the install flow and the watcher tell the Kubernetes API about their node. */
public interface NodeReporter {
  NodeReporter NONE = new NodeReporter() {
    @Override
    public void markReady(Map<String, String> annotations) {
    }

    @Override
    public boolean markNotReady() {
      return false;
    }

    @Override
    public boolean clearReady() {
      return false;
    }

    @Override
    public void event(NodeEvent event, String message) {
    }
  };

  /**
   * Sets the ready label and these annotations (keys without prefix), by a merge patch of metadata only; in
   * readiness mode taint, then removes the startup taint.
   */
  void markReady(Map<String, String> annotations);

  /**
   * Takes the ready signal back (the annotations stay): removes the ready label, and in readiness mode taint
   * puts the startup taint back. No write when the node already is not ready.
   *
   * @return true when the node was changed
   */
  boolean markNotReady();

  /** uninstall: {@link #markNotReady()} and removes our annotations too. @return true when the node was changed */
  boolean clearReady();

  /** Records an Event on the Node. Never throws for a failed Event: Events are best effort. */
  void event(NodeEvent event, String message);

  /**
   * Waits until the API client is built (it is built in the background from the start of the run, see
   * {@link NodeReporters}); throws what building it threw, so that a flow can fail on a bad kubeconfig before it
   * changes the host. No API call.
   */
  default void awaitClient() {
  }
}
