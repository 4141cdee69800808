package dev.gni.containerd.cri.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GrpcChannel} against {@link FakeH2Server}. A fake is used because these are the replies a real
 * containerd cannot be made to send on demand: stream resets, GOAWAY in the middle of a call, silence until
 * the deadline, compressed, trailers-only and non-gRPC replies, a reply cut into hundreds of small padded
 * DATA frames under a strict flow-control window, CONTINUATION frames, a tiny send window, a frame over the
 * size limit. The normal path is tested against real containerd daemons (CriClientCrossCheckTest and the
 * CRI tests that use {@code CriClient}).
 */
class GrpcChannelTest {
  private static final String PATH = "/test.Service/Echo";
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir
  Path tmp;

  @Test
  void callsReuseOneConnectionAndSendTheGrpcHeaders() throws Exception {
    List<FakeH2Server.Request> requests = new CopyOnWriteArrayList<>();
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      while (true) {
        FakeH2Server.Request r = c.request();
        requests.add(r);
        c.reply(r.stream(), r.message());
      }
    })) {
      Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        assertArrayEquals(bytes("one"), channel.unaryCall(PATH, bytes("one"), DEADLINE));
        assertArrayEquals(bytes(""), channel.unaryCall(PATH, bytes(""), DEADLINE));
        assertArrayEquals(bytes("three"), channel.unaryCall(PATH, bytes("three"), Duration.ofMillis(2500)));
        List<Thread> started = new ArrayList<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        assertEquals(List.of(), started, "threads started by the client");
      }
      assertEquals(1, server.connections());
      assertEquals(List.of(1, 3, 5), requests.stream().map(FakeH2Server.Request::stream).toList());
      List<String> h = requests.get(2).headers();
      assertEquals(List.of(":method", "POST", ":scheme", "http", ":path", PATH, ":authority", "localhost",
          "content-type", "application/grpc", "te", "trailers"), h.subList(0, 12));
      assertEquals("grpc-timeout", h.get(12));
      int timeoutMs = Integer.parseInt(h.get(13).replace("m", ""));
      assertTrue(h.get(13).endsWith("m") && timeoutMs > 2000 && timeoutMs <= 2500, h.get(13));
    }
  }

  @Test
  void connectsAgainAfterTheServerClosedTheConnection() throws Exception {
    CountDownLatch firstClosed = new CountDownLatch(1);
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      FakeH2Server.Request r = c.request();
      c.reply(r.stream(), bytes("connection " + c.number));
      c.close();
      firstClosed.countDown();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        assertEquals("connection 1", string(channel.unaryCall(PATH, bytes("x"), DEADLINE)));
        assertTrue(firstClosed.await(5, TimeUnit.SECONDS));
        assertEquals("connection 2", string(channel.unaryCall(PATH, bytes("x"), DEADLINE)));
      }
    }
  }

  @Test
  void streamResetIsAClearErrorAndTheNextCallWorks() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      c.frame(FrameIo.RST_STREAM, 0, c.request().stream(), ByteBuffer.allocate(4).putInt(7).array());
      c.frame(FrameIo.RST_STREAM, 0, c.request().stream(), ByteBuffer.allocate(4).putInt(8).array());
      while (true) {
        FakeH2Server.Request r = c.request();
        c.reply(r.stream(), r.message());
      }
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException refused = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("UNAVAILABLE: the server reset the stream with REFUSED_STREAM", refused.getMessage());
        GrpcException cancelled = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("b"), DEADLINE));
        assertEquals("CANCELLED: the server reset the stream with CANCEL", cancelled.getMessage());
        assertEquals("c", string(channel.unaryCall(PATH, bytes("c"), DEADLINE)));
      }
    }
  }

  /** containerd (grpc-go) ends a call whose grpc-timeout passed by resetting it with CANCEL. */
  @Test
  void serverCancellingAtTheDeadline_isDeadlineExceeded() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      FakeH2Server.Request r = c.request();
      Thread.sleep(250); // past the client's 200 ms
      c.frame(FrameIo.RST_STREAM, 0, r.stream(), ByteBuffer.allocate(4).putInt(8).array());
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class,
            () -> channel.unaryCall(PATH, bytes("a"), Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith("DEADLINE_EXCEEDED: no answer within 200 ms"), e.getMessage());
      }
    }
  }

  @Test
  void goAwayMidCallThenClose() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      FakeH2Server.Request r = c.request();
      c.awaitSettingsAck();
      c.grpcHeaders(r.stream());
      c.frame(FrameIo.GOAWAY, 0, 0, goAway(r.stream(), 0, "graceful shutdown"));
      c.close();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("UNAVAILABLE: connection closed by the server after GOAWAY NO_ERROR (graceful shutdown)",
            e.getMessage());
      }
    }
  }

  @Test
  void goAwayBeforeTheStreamRefusesTheCallAndTheNextCallConnectsAgain() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      if (c.number == 1) {
        c.request();
        c.frame(FrameIo.GOAWAY, 0, 0, goAway(0, 0xb, "too many pings"));
        c.drain();
      }
      FakeH2Server.Request r = c.request();
      c.reply(r.stream(), bytes("fresh"));
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("UNAVAILABLE: the server sent GOAWAY ENHANCE_YOUR_CALM (too many pings) before taking the call",
            e.getMessage());
        assertEquals("fresh", string(channel.unaryCall(PATH, bytes("b"), DEADLINE)));
      }
      assertEquals(2, server.connections());
    }
  }

  @Test
  void silentServerEndsTheCallAtTheDeadline() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      c.request();
      c.drain(); // never answers
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        long start = System.nanoTime();
        GrpcException e = assertThrows(GrpcException.class,
            () -> channel.unaryCall(PATH, bytes("a"), Duration.ofMillis(300)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("DEADLINE_EXCEEDED: no answer within 300 ms", e.getMessage());
        assertTrue(tookMs >= 290 && tookMs < 2000, "took " + tookMs + " ms");
      }
    }
  }

  @Test
  void closeFromAnotherThreadEndsAWaitingCall() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      c.request();
      c.drain();
    })) {
      GrpcChannel channel = new GrpcChannel(server.path);
      Thread closer = new Thread(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
        channel.close();
      });
      closer.start();
      long start = System.nanoTime();
      GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      closer.join();
      assertEquals("UNAVAILABLE: channel closed", e.getMessage());
      assertTrue(tookMs < 2000, "took " + tookMs + " ms");
    }
  }

  @Test
  void interruptedCallIsCancelled() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      c.request();
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
          caller.interrupt();
        });
        interrupter.start();
        long start = System.nanoTime();
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(Thread.interrupted(), "the interrupt stays set"); // and is cleared here, before the join
        interrupter.join();
        assertEquals("CANCELLED: interrupted", e.getMessage());
        assertTrue(tookMs < 2000, "took " + tookMs + " ms");
      }
    }
  }

  @Test
  void compressedReplyIsRefused() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      int stream = c.request().stream();
      c.headers(stream, false, ":status", "200", "content-type", "application/grpc", "grpc-encoding", "gzip");
      c.frame(FrameIo.DATA, 0, stream, ByteBuffer.allocate(8).put((byte) 1).putInt(3).put(new byte[3]).array());
      c.trailers(stream, 0);
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("INTERNAL: compressed reply (grpc-encoding gzip), but this client offers no compression",
            e.getMessage());
      }
    }
  }

  @Test
  void trailersOnlyErrorWithPercentEncodedMessage() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      c.headers(c.request().stream(), true, ":status", "200", "content-type", "application/grpc",
          "grpc-status", "12", "grpc-message", "unknown service runtime.v1.RuntimeService: 100%25 %E2%9C%93");
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("UNIMPLEMENTED", e.code());
        assertEquals("unknown service runtime.v1.RuntimeService: 100% \u2713", e.description());
      }
    }
  }

  @Test
  void errorInTrailersAfterHeaders() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      int stream = c.request().stream();
      c.grpcHeaders(stream);
      c.headers(stream, true, "grpc-status", "5", "grpc-message", "sandbox%20not%20found");
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("NOT_FOUND: sandbox not found", e.getMessage());
      }
    }
  }

  @Test
  void nonGrpcHttpStatus() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      c.headers(c.request().stream(), true, ":status", "404", "content-type", "text/plain");
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("UNIMPLEMENTED: HTTP status 404, not a gRPC reply", e.getMessage());
      }
    }
  }

  @Test
  void streamEndedWithoutTrailers() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      int stream = c.request().stream();
      c.grpcHeaders(stream);
      c.frame(FrameIo.DATA, FrameIo.END_STREAM, stream, GrpcCall.frame(bytes("x")));
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertEquals("INTERNAL: the server ended the stream without trailers", e.getMessage());
      }
    }
  }

  /** 300 KiB in 1000-byte DATA frames, every other one padded, never past the windows the client grants. */
  @Test
  void largeReplyInManySmallFramesUnderFlowControl() throws Exception {
    byte[] message = new byte[300 * 1024];
    new Random(42).nextBytes(message);
    int[] pingAcks = {0}; // the PING comes before the reply, so its ACK comes while the reply is under way
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      int stream = c.request().stream();
      c.frame(FrameIo.PING, 0, 0, bytes("12345678"));
      c.grpcHeaders(stream);
      c.flowControlledData(stream, GrpcCall.frame(message), 1000);
      c.trailers(stream, 0);
      pingAcks[0] = c.pingAcks;
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        assertArrayEquals(message, channel.unaryCall(PATH, bytes("big"), DEADLINE));
      }
    }
    assertEquals(1, pingAcks[0]);
  }

  @Test
  void responseHeadersInContinuationFrames() throws Exception {
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      int stream = c.request().stream();
      byte[] block = HpackEncoder.encode(":status", "200", "content-type", "application/grpc+proto",
          "x-filler", "f".repeat(100));
      c.frame(FrameIo.HEADERS, 0, stream, java.util.Arrays.copyOfRange(block, 0, 10));
      c.frame(FrameIo.CONTINUATION, 0, stream, java.util.Arrays.copyOfRange(block, 10, 50));
      c.frame(FrameIo.CONTINUATION, FrameIo.END_HEADERS, stream, java.util.Arrays.copyOfRange(block, 50, block.length));
      c.frame(FrameIo.DATA, 0, stream, GrpcCall.frame(bytes("continued")));
      c.trailers(stream, 0);
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        assertEquals("continued", string(channel.unaryCall(PATH, bytes("a"), DEADLINE)));
      }
    }
  }

  /** The server allows 100 bytes per stream: the client sends that much, then waits for WINDOW_UPDATE. */
  @Test
  void requestDataStaysWithinTheServersWindow() throws Exception {
    List<Integer> dataFrames = new CopyOnWriteArrayList<>();
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake(0x4, 100); // SETTINGS_INITIAL_WINDOW_SIZE
      FakeH2Server.Request first = c.request(); // sent before the client saw the SETTINGS
      c.reply(first.stream(), bytes("first"));
      int total = 0;
      int stream = -1;
      while (total < 5 + 1000) {
        FakeH2Server.Frame f = c.readHandled();
        if (f.type() == FrameIo.HEADERS) {
          stream = f.stream();
        } else if (f.type() == FrameIo.DATA) {
          dataFrames.add(f.payload().length);
          total += f.payload().length;
          if (total % 100 != 0 && total < 1005) {
            throw new AssertionError("DATA beyond the window: " + total);
          }
          if (total % 100 == 0) {
            c.frame(FrameIo.WINDOW_UPDATE, 0, stream, ByteBuffer.allocate(4).putInt(100).array());
          }
        }
      }
      c.reply(stream, bytes("received " + total));
      c.drain();
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        assertEquals("first", string(channel.unaryCall(PATH, bytes("1"), DEADLINE)));
        assertEquals("received 1005", string(channel.unaryCall(PATH, new byte[1000], DEADLINE)));
      }
    }
    assertEquals(11, dataFrames.size());
    assertTrue(dataFrames.stream().allMatch(n -> n <= 100), dataFrames::toString);
  }

  @Test
  void frameOverTheSizeLimitEndsTheConnectionWithGoAway() throws Exception {
    int[] goAwayCode = {-1};
    try (FakeH2Server server = FakeH2Server.start(tmp, c -> {
      c.handshake();
      int stream = c.request().stream();
      c.grpcHeaders(stream);
      c.frame(FrameIo.DATA, 0, stream, new byte[FrameIo.DEFAULT_MAX_FRAME + 1]);
      while (true) {
        FakeH2Server.Frame f = c.readHandled();
        if (f.type() == FrameIo.GOAWAY) {
          goAwayCode[0] = f.u32(4);
        }
      }
    })) {
      try (GrpcChannel channel = new GrpcChannel(server.path)) {
        GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
        assertTrue(e.getMessage().startsWith("INTERNAL: HTTP/2 FRAME_SIZE_ERROR: frame of type 0 has 16385 bytes"),
            e.getMessage());
      }
    }
    assertEquals(H2Exception.FRAME_SIZE_ERROR, goAwayCode[0]);
  }

  @Test
  void missingSocketFailsAtOnce() {
    try (GrpcChannel channel = new GrpcChannel(tmp.resolve("none.sock").toString())) {
      long start = System.nanoTime();
      GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
      assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
      assertEquals("UNAVAILABLE: cannot connect: No such file or directory", e.getMessage());
    }
  }

  @Test
  void socketNobodyListensOnIsRefusedAtOnce() throws IOException {
    Path stale = tmp.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(stale));
    }
    try (GrpcChannel channel = new GrpcChannel(stale.toString())) {
      GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
      assertEquals("UNAVAILABLE: cannot connect: Connection refused", e.getMessage());
    }
  }

  @Test
  void closedChannelRefusesCalls() {
    GrpcChannel channel = new GrpcChannel(tmp.resolve("none.sock").toString());
    channel.close();
    GrpcException e = assertThrows(GrpcException.class, () -> channel.unaryCall(PATH, bytes("a"), DEADLINE));
    assertEquals("UNAVAILABLE: channel closed", e.getMessage());
  }

  private static byte[] goAway(int lastStream, int code, String debug) {
    byte[] d = bytes(debug);
    return ByteBuffer.allocate(8 + d.length).putInt(lastStream).putInt(code).put(d).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
