package dev.gni.kube;

import java.util.Optional;

/**
 * What the watcher asks of the API, only when gVisor is lost (nothing while it stays live): take the ready signal
 * back, record the Event, keep the reinstall count on the Node, and delete its own pod so that the DaemonSet
 * re-creates it and the install runs again (a restarted container never re-runs init containers).
 */
public interface WatcherApi extends AutoCloseable {
  /** See {@link NodeReporter#markNotReady()}. */
  boolean markNotReady();

  void event(NodeEvent event, String message);

  /** The Node's annotation {@code <prefix>/<name>} (one GET). */
  Optional<String> annotation(String name);

  /** Sets the Node's annotation {@code <prefix>/<name>} (one merge patch). */
  void annotate(String name, String value);

  /** Deletes the watcher's own pod (pods delete, a namespaced Role). */
  void deleteOwnPod();

  @Override
  void close();
}
