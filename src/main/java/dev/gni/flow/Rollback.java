package dev.gni.flow;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back the config files as they were before this run, restarts containerd again and checks that it
 * serves CRI on the old config. Ends by throwing: {@link RolledBackException} when the node was restored,
 * {@link RollbackFailedException} (naming the backup) when even that failed.
 */
final class Rollback {
  private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

  private final Node node;
  private final StateStore store;
  private final Duration timeout;

  Rollback(Node node, StateStore store, Duration timeout) {
    this.node = node;
    this.store = store;
    this.timeout = timeout;
  }

  /** @param before each changed host path with its bytes before this run (empty: it did not exist) */
  RuntimeException run(String cause, java.util.Map<String, Optional<byte[]>> before) {
    LOG.error("install failed: {}; rolling back", cause);
    boolean restored = false;
    try {
      before.forEach((path, bytes) -> {
        if (bytes.isPresent()) {
          ConfigFiles.write(node.files(), path, bytes.get(), ConfigFiles.modeOf(node.files(), path));
        } else {
          ConfigFiles.delete(node.files(), path);
        }
        LOG.info("restored {}", path);
      });
      restored = true;
      node.restarter().restart();
      if (!node.containerd().awaitServing(timeout) || !node.containerd().live().runtimeReady()) {
        throw new IllegalStateException("containerd did not come back on the restored config either");
      }
    } catch (RuntimeException e) {
      String where = before.entrySet().stream().filter(en -> en.getValue().isPresent())
          .map(en -> StateStore.previousPath(en.getKey())).reduce((a, b) -> b).orElse(StateStore.BACKUP);
      if (restored) { // e.g. systemd's start limit: the file is right, containerd is what is down
        return new RollbackFailedException(cause + "; ROLLBACK FAILED too: the previous config is back in place (a copy"
            + " at " + where + ") but containerd did not come back" + (cause.contains(e.getMessage())
            ? " (the same reason)" : ": " + e.getMessage()));
      }
      return new RollbackFailedException(cause + "; ROLLBACK FAILED too (" + e.getMessage()
          + "): the previous config is kept at " + where + " — restore it by hand and restart containerd");
    }
    return new RolledBackException(cause + "; the node was restored to its previous containerd config, "
        + "which is live again");
  }
}
