package dev.gni.watch;

import dev.gni.kube.NodeEvent;
import dev.gni.kube.WatcherApi;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code watch}: every interval, check that gVisor is live ({@link RuntimeProbe}) and say so through the
 * {@link ReadyFile}. While it stays live, nothing else happens: no API call, no write. When it is lost, within
 * that interval: the readiness file goes, the node is marked not ready (label mode: the ready label removed;
 * taint mode: the startup taint back), a {@code RuntimeLost} Event says what changed; then, after the
 * {@link ReinstallBackoff} and once containerd answers again (bounded), the watcher deletes its own pod, so that
 * the DaemonSet re-creates it and the init container installs again. {@link #stop()} ends the loop at once.
 */
public final class Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
  static final String REINSTALLS = "reinstalls";
  static final Duration CONTAINERD_GRACE = Duration.ofSeconds(60);

  private final RuntimeProbe probe;
  private final ReadyFile ready;
  private final Supplier<WatcherApi> apiFactory;
  private final Duration interval;
  private final ReinstallBackoff backoff;
  private final Clock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private WatcherApi api;
  private boolean lostReported;
  private boolean podDeleted;
  private long checks;

  public Watcher(RuntimeProbe probe, java.nio.file.Path readyFile, Supplier<WatcherApi> apiFactory,
      Duration interval, ReinstallBackoff backoff, Clock clock) {
    this.probe = probe;
    this.ready = new ReadyFile(readyFile);
    this.apiFactory = apiFactory;
    this.interval = interval;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Runs until {@link #stop()}. */
  public void run() {
    LOG.info("watching gVisor every {} s", interval.toSeconds());
    try {
      boolean wasLive = false;
      do {
        Health h = probe.check();
        checks++;
        if (h.live()) {
          ready.set(true);
          if (!wasLive) {
            LOG.info("gVisor is live: containerd serves the runtime and its config holds it; ready");
          }
        } else if (!podDeleted) {
          ready.set(false);
          lost(h);
        }
        wasLive = h.live();
      } while (!await(interval));
    } finally {
      if (stop.getCount() > 0) { // stopped by SIGTERM: the process exits now, closing the API client only delays it
        closeApi();
      }
      finished.countDown();
    }
    LOG.info("watcher stopped after {} check(s)", checks);
  }

  /** Ends {@link #run()} promptly (SIGTERM); waits up to {@code grace} for it. */
  public void stop(Duration grace) {
    stop.countDown();
    try {
      finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long checks() {
    return checks;
  }

  private void lost(Health h) {
    try {
      if (!lostReported) {
        LOG.warn("gVisor lost: {}", h.describe());
        boolean changed = api().markNotReady();
        api().event(NodeEvent.RUNTIME_LOST, "gVisor runtime lost: " + h.describe() + (changed
            ? "; node marked not ready" : "; node was already not ready") + "; the installer will run again");
        lostReported = true;
      }
      ReinstallBackoff.Record previous = ReinstallBackoff.Record.parse(api().annotation(REINSTALLS));
      Duration wait = backoff.delay(previous, clock.instant());
      if (!wait.isZero()) {
        LOG.info("reinstall number {} in {} s (backoff: this node lost gVisor {} time(s) lately)",
            previous.count() + 1, wait.toSeconds(), previous.count());
        if (await(wait)) {
          return;
        }
      }
      if (!probe.awaitContainerd(CONTAINERD_GRACE)) {
        LOG.warn("containerd does not answer CRI after {} s; reinstalling anyway", CONTAINERD_GRACE.toSeconds());
      }
      ReinstallBackoff.Record next = backoff.next(previous, clock.instant());
      api().annotate(REINSTALLS, next.format());
      api().deleteOwnPod();
      podDeleted = true;
      LOG.info("deleted this pod (reinstall number {}): the DaemonSet re-creates it and its init container installs"
          + " again", next.count());
    } catch (RuntimeException e) {
      LOG.error("could not act on the lost runtime ({}); trying again in {} s", e.getMessage(), interval.toSeconds());
      closeApi();
    }
  }

  /** The API client, made at the first need: a watcher that never loses gVisor never loads it. */
  private WatcherApi api() {
    if (api == null) {
      api = apiFactory.get();
    }
    return api;
  }

  private void closeApi() {
    if (api != null) {
      try {
        api.close();
      } catch (RuntimeException ignored) {
        // best effort
      }
      api = null;
    }
  }

  /** @return true when stopped while waiting */
  private boolean await(Duration d) {
    try {
      return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
