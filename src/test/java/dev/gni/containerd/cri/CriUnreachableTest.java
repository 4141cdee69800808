package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRI socket that is missing, stale or silent gives an "unreachable" answer quickly and never an
 * exception. No containerd is involved: the "silent" socket is a real unix socket that accepts but never
 * speaks, which is what a hung daemon looks like.
 */
class CriUnreachableTest {
  @TempDir
  Path tmp;

  @Test
  void missingSocketIsUnreachableQuickly() {
    String path = tmp.resolve("missing.sock").toString();
    long start = System.nanoTime();

    LiveView view = new CriLiveCheck(path).check();

    assertQuick(start, 2000);
    System.out.println("missing socket: " + view.error().orElseThrow());
    assertFalse(view.reachable());
    assertFalse(view.serves("runsc", "io.containerd.runsc.v1"));
    assertEquals(Map.of(), view.runtimes());
    assertTrue(view.error().orElseThrow().contains(path), view.error().orElseThrow());
  }

  @Test
  void staleSocketFileIsUnreachableQuickly() throws IOException {
    Path path = tmp.resolve("stale.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
    }
    assertTrue(Files.exists(path), "the closed socket leaves its file behind");
    long start = System.nanoTime();

    LiveView view = new CriLiveCheck(path.toString()).check();

    assertQuick(start, 2000);
    assertFalse(view.reachable());
    assertTrue(view.error().orElseThrow().contains("UNAVAILABLE"), view.error().orElseThrow());
  }

  @Test
  void silentSocketIsUnreachableAfterTheDeadline() throws IOException {
    Path path = tmp.resolve("silent.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      long start = System.nanoTime();

      LiveView view = new CriLiveCheck(path.toString(), Duration.ofMillis(500)).check();

      assertQuick(start, 2500);
      assertFalse(view.reachable());
      assertTrue(view.error().orElseThrow().contains("DEADLINE_EXCEEDED"), view.error().orElseThrow());
    }
  }

  @Test
  void clientCallOnMissingSocketThrowsOneLineCriException() {
    try (CriClient cri = CriClient.connect(tmp.resolve("missing.sock").toString())) {
      CriException e = assertThrows(CriException.class, () -> cri.version(Duration.ofSeconds(2)));
      assertTrue(e.getMessage().startsWith("CRI Version on "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertEquals(java.util.List.of(), Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("gni-cri") && t.isAlive()).map(Thread::getName).toList(),
        "event-loop threads left after close()");
  }

  private static void assertQuick(long startNanos, long maxMillis) {
    long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
    assertTrue(tookMs < maxMillis, "took " + tookMs + " ms");
  }
}
