package dev.gni.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.kube.NodeEvent;
import dev.gni.kube.WatcherApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher's loop with a scripted probe and a recording API (the real CRI probe and the real API run in
 * WatcherEndToEndTest; here the decisions: what is called when, and what is not).
 */
class WatcherTest {
  @TempDir
  Path tmp;

  private final List<String> calls = new ArrayList<>();
  private final AtomicInteger apisMade = new AtomicInteger();
  private String reinstalls;

  private WatcherApi api() {
    apisMade.incrementAndGet();
    return new WatcherApi() {
      @Override
      public boolean markNotReady() {
        calls.add("markNotReady");
        return true;
      }

      @Override
      public void event(NodeEvent event, String message) {
        calls.add("event " + event.reason() + ": " + message);
      }

      @Override
      public Optional<String> annotation(String name) {
        calls.add("annotation " + name);
        return Optional.ofNullable(reinstalls);
      }

      @Override
      public void annotate(String name, String value) {
        calls.add("annotate " + name + "=" + value);
        reinstalls = value;
      }

      @Override
      public void deleteOwnPod() {
        calls.add("deleteOwnPod");
      }

      @Override
      public void close() {
      }
    };
  }

  /** A probe that answers from the script, then stops the watcher when the script is used up. */
  private Watcher watcher(Deque<Health> script, Clock clock) {
    Watcher[] self = new Watcher[1];
    RuntimeProbe probe = () -> {
      Health h = script.poll();
      if (script.isEmpty()) {
        new Thread(() -> self[0].stop(Duration.ofSeconds(5))).start();
      }
      return h == null ? Health.LIVE : h;
    };
    self[0] = new Watcher(probe, tmp.resolve("ready"), this::api, Duration.ofMillis(20), ReinstallBackoff.DEFAULT,
        clock);
    return self[0];
  }

  @Test
  void live_readyFile_noApiAtAll() {
    Deque<Health> script = new ConcurrentLinkedDeque<>();
    for (int i = 0; i < 50; i++) {
      script.add(Health.LIVE);
    }
    Watcher w = watcher(script, Clock.systemUTC());
    w.run();
    assertTrue(Files.exists(tmp.resolve("ready")));
    assertEquals(0, apisMade.get(), "no API client while gVisor stays live");
    assertEquals(List.of(), calls);
    assertTrue(w.checks() >= 50);
  }

  @Test
  void lost_readyFileGone_notReady_event_reinstallOnce() {
    Deque<Health> script = new ConcurrentLinkedDeque<>(List.of(Health.LIVE,
        new Health(List.of("runtime 'runsc' is missing")), new Health(List.of("runtime 'runsc' is missing")),
        new Health(List.of("runtime 'runsc' is missing"))));
    Instant now = Instant.parse("2026-12-05T10:00:00Z");
    watcher(script, Clock.fixed(now, ZoneOffset.UTC)).run();
    assertFalse(Files.exists(tmp.resolve("ready")));
    assertEquals(List.of("markNotReady",
        "event RuntimeLost: gVisor runtime lost: runtime 'runsc' is missing; node marked not ready; the installer will"
            + " run again",
        "annotation reinstalls", "annotate reinstalls=1 2026-12-05T10:00:00Z", "deleteOwnPod"), calls,
        "once: later failed checks of the same pod do nothing more");
  }

  @Test
  void lostAgainSoonAfterAReinstall_waitsForTheBackoff_stopEndsTheWait() {
    reinstalls = "3 2026-12-05T09:59:00Z"; // the 4th reinstall within the hour: 4 minutes after the last
    Deque<Health> script = new ConcurrentLinkedDeque<>(List.of(new Health(List.of("socket gone"))));
    long t0 = System.nanoTime();
    watcher(script, Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC)).run();
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, "stop ends the backoff wait at once");
    assertEquals(List.of("markNotReady"), calls.subList(0, 1));
    assertFalse(calls.contains("deleteOwnPod"), "no delete before the backoff: " + calls);
  }
}
