package dev.gni.watch;

import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.cri.CriClient;
import dev.gni.containerd.cri.CriException;
import dev.gni.containerd.cri.LiveRuntimes;
import dev.gni.containerd.cri.RuntimeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The watcher's check: the socket exists; containerd answers CRI verbose {@code Status} with RuntimeReady and the
 * runtime loaded with the gVisor shim's type; the config file still holds it ({@link ConfigHolds}). One CRI call
 * on a kept connection, one {@code stat}; no binary is read or run. A broken connection (containerd restarted)
 * is replaced once at once, so a restart that kept runsc is not a loss.
 */
final class CriRuntimeProbe implements RuntimeProbe, AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(3);

  private final Path socket;
  private final String hostSocket;
  private final String runtime;
  private final ConfigHolds config;
  private CriClient cri;

  CriRuntimeProbe(Path socket, String hostSocket, String runtime, ConfigHolds config) {
    this.socket = socket;
    this.hostSocket = hostSocket;
    this.runtime = runtime;
    this.config = config;
  }

  @Override
  public Health check() {
    List<String> changes = new ArrayList<>();
    config.check().ifPresent(changes::add);
    if (!Files.exists(socket)) {
      close();
      changes.add("containerd's socket " + hostSocket + " is gone (containerd stopped)");
      return new Health(changes);
    }
    RuntimeStatus status;
    try {
      status = status();
    } catch (RuntimeException e) {
      changes.add("containerd does not answer CRI on " + hostSocket + ": " + e.getMessage());
      return new Health(changes);
    }
    Map<String, String> runtimes;
    try {
      runtimes = LiveRuntimes.of(status);
    } catch (CriException e) {
      changes.add(e.getMessage());
      return new Health(changes);
    }
    if (!RuntimeSpec.RUNSC_TYPE.equals(runtimes.get(runtime))) {
      changes.add("runtime '" + runtime + "' is missing from containerd's CRI runtimes (live: "
          + new java.util.TreeSet<>(runtimes.keySet()) + "): containerd runs without it");
    } else if (!status.runtimeReady()) {
      changes.add("containerd's CRI reports RuntimeReady false");
    }
    return new Health(changes);
  }

  @Override
  public boolean awaitContainerd(Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (true) {
      try {
        if (Files.exists(socket)) {
          status();
          return true;
        }
      } catch (RuntimeException notYet) {
        // containerd is still starting
      }
      if (Instant.now().isAfter(end)) {
        return false;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private RuntimeStatus status() {
    for (int attempt = 1; ; attempt++) {
      if (cri == null) {
        cri = CriClient.connect(socket.toString());
      }
      try {
        return cri.status(DEADLINE);
      } catch (RuntimeException e) { // a connection from before a containerd restart: once more on a new one
        close();
        if (attempt >= 2) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    if (cri != null) {
      cri.close();
      cri = null;
    }
  }
}
