package dev.gni.containerd.cri.transport;

import static dev.gni.containerd.cri.transport.HuffmanTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FrameIo} over a real unix socket: the test writes raw frame bytes on the other end. Padding and
 * priority removal, CONTINUATION joining, the frame size limit, reads split into many pieces, deadlines.
 */
class FrameIoTest {
  @TempDir
  Path tmp;
  private ServerSocketChannel server;
  private SocketChannel peer;
  private UnixSocket socket;
  private FrameIo io;

  @BeforeEach
  void connect() throws IOException {
    Path path = tmp.resolve("s.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    socket = UnixSocket.connect(path.toString(), deadline(2000));
    peer = server.accept();
    io = new FrameIo(socket, FrameIo.DEFAULT_MAX_FRAME, 64 * 1024);
  }

  @AfterEach
  void close() throws IOException {
    socket.close();
    peer.close();
    server.close();
  }

  @Test
  void plainDataFrame() throws IOException {
    send(frame(FrameIo.DATA, FrameIo.END_STREAM, 1, hex("0102 03")));
    io.read(deadline(1000));
    assertEquals(FrameIo.DATA, io.type);
    assertEquals(FrameIo.END_STREAM, io.flags);
    assertEquals(1, io.stream);
    assertArrayEquals(hex("0102 03"), content());
    assertEquals(3, io.frameLength);
  }

  @Test
  void paddedDataFrameCountsThePaddingForFlowControl() throws IOException {
    // pad length 4, data "abc", 4 bytes of padding
    send(frame(FrameIo.DATA, FrameIo.PADDED, 3, hex("04 616263 00000000")));
    io.read(deadline(1000));
    assertArrayEquals("abc".getBytes(), content());
    assertEquals(8, io.frameLength);
  }

  @Test
  void paddedHeadersWithPriority() throws IOException {
    // pad length 2, then stream dependency (4) + weight (1), then the block "82", then padding
    send(frame(FrameIo.HEADERS, FrameIo.PADDED | FrameIo.PRIORITY_FLAG | FrameIo.END_HEADERS, 5,
        hex("02 80000003 10 82 0000")));
    io.read(deadline(1000));
    assertEquals(FrameIo.HEADERS, io.type);
    assertArrayEquals(hex("82"), content());
  }

  @Test
  void headersWithContinuationsBecomeOneBlock() throws IOException {
    send(frame(FrameIo.HEADERS, FrameIo.END_STREAM | FrameIo.PADDED, 7, hex("01 8286 00")),
        frame(FrameIo.CONTINUATION, 0, 7, hex("84")),
        frame(FrameIo.CONTINUATION, FrameIo.END_HEADERS, 7, hex("4188 2596")),
        frame(FrameIo.PING, 0, 0, new byte[8]));
    io.read(deadline(1000));
    assertEquals(FrameIo.HEADERS, io.type);
    assertEquals(FrameIo.END_STREAM | FrameIo.END_HEADERS, io.flags);
    assertEquals(7, io.stream);
    assertArrayEquals(hex("8286 84 4188 2596"), content());
    io.read(deadline(1000));
    assertEquals(FrameIo.PING, io.type);
  }

  @Test
  void otherFrameBetweenHeadersAndContinuationIsRefused() throws IOException {
    send(frame(FrameIo.HEADERS, 0, 1, hex("82")), frame(FrameIo.DATA, 0, 1, hex("00")));
    assertProtocolError(H2Exception.PROTOCOL_ERROR, "CONTINUATION of stream 1 must follow");
  }

  @Test
  void continuationOfAnotherStreamIsRefused() throws IOException {
    send(frame(FrameIo.HEADERS, 0, 1, hex("82")), frame(FrameIo.CONTINUATION, FrameIo.END_HEADERS, 3, hex("84")));
    assertProtocolError(H2Exception.PROTOCOL_ERROR, "stream 3");
  }

  @Test
  void continuationAloneIsRefused() throws IOException {
    send(frame(FrameIo.CONTINUATION, FrameIo.END_HEADERS, 1, hex("84")));
    assertProtocolError(H2Exception.PROTOCOL_ERROR, "CONTINUATION frame without HEADERS");
  }

  @Test
  void headerBlockOverTheLimitIsRefused() throws IOException {
    io = new FrameIo(socket, FrameIo.DEFAULT_MAX_FRAME, 100);
    send(frame(FrameIo.HEADERS, 0, 1, new byte[60]), frame(FrameIo.CONTINUATION, FrameIo.END_HEADERS, 1, new byte[60]));
    assertProtocolError(H2Exception.ENHANCE_YOUR_CALM, "larger than 100");
  }

  @Test
  void frameOverMaxFrameSizeIsRefused() throws IOException {
    send(Arrays.copyOf(hex("004001 00 00 00000001"), 9)); // 16385 bytes announced
    assertProtocolError(H2Exception.FRAME_SIZE_ERROR, "16385 bytes");
  }

  @Test
  void frameOfExactlyMaxFrameSizeIsRead() throws IOException {
    byte[] big = new byte[FrameIo.DEFAULT_MAX_FRAME];
    Arrays.fill(big, (byte) 7);
    send(frame(FrameIo.DATA, 0, 1, big), frame(FrameIo.DATA, 0, 1, big));
    io.read(deadline(1000));
    assertArrayEquals(big, content());
    io.read(deadline(1000));
    assertArrayEquals(big, content());
  }

  @Test
  void paddingAsLongAsTheFrameIsRefused() throws IOException {
    send(frame(FrameIo.DATA, FrameIo.PADDED, 1, hex("04 000000")));
    assertProtocolError(H2Exception.PROTOCOL_ERROR, "padding");
  }

  @Test
  void frameOfOnlyPaddingIsEmpty() throws IOException {
    send(frame(FrameIo.DATA, FrameIo.PADDED, 1, hex("03 000000")));
    io.read(deadline(1000));
    assertEquals(0, io.length);
    assertEquals(4, io.frameLength);
  }

  @Test
  void paddedFlagOnEmptyFrameIsRefused() throws IOException {
    send(frame(FrameIo.DATA, FrameIo.PADDED, 1, new byte[0]));
    assertProtocolError(H2Exception.PROTOCOL_ERROR, "padding");
  }

  @Test
  void priorityFieldsLongerThanTheFrameAreRefused() throws IOException {
    send(frame(FrameIo.HEADERS, FrameIo.PRIORITY_FLAG | FrameIo.END_HEADERS, 1, hex("0000 00")));
    assertProtocolError(H2Exception.PROTOCOL_ERROR, "priority");
  }

  @Test
  void frameArrivingByteByByteIsAssembled() throws Exception {
    byte[] bytes = frame(FrameIo.DATA, 0, 1, "hello, world".getBytes());
    Thread writer = new Thread(() -> {
      try {
        for (byte b : bytes) {
          peer.write(ByteBuffer.wrap(new byte[] {b}));
          Thread.sleep(2);
        }
      } catch (IOException | InterruptedException e) {
        // the read below fails then
      }
    });
    writer.start();
    io.read(deadline(5000));
    writer.join();
    assertEquals("hello, world", new String(content()));
  }

  @Test
  void pollTakesOnlyWholeFramesAndSeesTheEnd() throws IOException {
    assertFalse(io.poll());
    byte[] ping = frame(FrameIo.PING, 0, 0, new byte[8]);
    send(Arrays.copyOf(ping, 10));
    assertFalse(io.poll());
    send(Arrays.copyOfRange(ping, 10, ping.length));
    assertTrue(io.poll());
    io.read(deadline(1000));
    assertEquals(FrameIo.PING, io.type);
    peer.close();
    assertThrows(EOFException.class, io::poll);
  }

  @Test
  void readEndsAtTheDeadline() {
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> io.read(deadline(200)));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs >= 190 && tookMs < 2000, "took " + tookMs + " ms");
  }

  @Test
  void endOfStreamMidFrame() throws IOException {
    send(Arrays.copyOf(frame(FrameIo.DATA, 0, 1, new byte[100]), 50));
    peer.close();
    EOFException e = assertThrows(EOFException.class, () -> io.read(deadline(1000)));
    assertTrue(e.getMessage().contains("closed by the server"), e.getMessage());
  }

  @Test
  void writesFramesAndSplitsHeaderBlocks() throws IOException {
    byte[] block = new byte[40];
    Arrays.fill(block, (byte) 0x82);
    io.writePreface();
    io.writeHeaders(1, block, true, 16, deadline(1000));
    io.writeInt(FrameIo.WINDOW_UPDATE, 0, 40000, deadline(1000));
    io.flush(deadline(1000));
    ByteBuffer got = ByteBuffer.allocate(24 + 3 * 9 + 40 + 13);
    while (got.hasRemaining()) {
      peer.read(got);
    }
    got.flip();
    byte[] preface = new byte[24];
    got.get(preface);
    assertArrayEquals(FrameIo.PREFACE, preface);
    assertFrameHeader(got, 16, FrameIo.HEADERS, FrameIo.END_STREAM, 1);
    got.position(got.position() + 16);
    assertFrameHeader(got, 16, FrameIo.CONTINUATION, 0, 1);
    got.position(got.position() + 16);
    assertFrameHeader(got, 8, FrameIo.CONTINUATION, FrameIo.END_HEADERS, 1);
    got.position(got.position() + 8);
    assertFrameHeader(got, 4, FrameIo.WINDOW_UPDATE, 0, 0);
    assertEquals(40000, got.getInt());
  }

  private static void assertFrameHeader(ByteBuffer b, int length, int type, int flags, int stream) {
    int len = (b.get() & 0xff) << 16 | (b.get() & 0xff) << 8 | (b.get() & 0xff);
    assertEquals(Header.of(length, type, flags, stream), Header.of(len, b.get() & 0xff, b.get() & 0xff, b.getInt()));
  }

  /** Four ints compared at once, for readable failures. */
  private record Header(int length, int type, int flags, int stream) {
    static Header of(int length, int type, int flags, int stream) {
      return new Header(length, type, flags, stream);
    }
  }

  private void assertProtocolError(int code, String fragment) {
    H2Exception e = assertThrows(H2Exception.class, () -> io.read(deadline(1000)));
    assertEquals(H2Exception.name(code), H2Exception.name(e.code()), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private byte[] content() {
    return Arrays.copyOfRange(io.payload, io.offset, io.offset + io.length);
  }

  private void send(byte[]... frames) throws IOException {
    for (byte[] f : frames) {
      ByteBuffer b = ByteBuffer.wrap(f);
      while (b.hasRemaining()) {
        peer.write(b);
      }
    }
  }

  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    return ByteBuffer.allocate(9 + payload.length)
        .put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
        .put((byte) type).put((byte) flags).putInt(stream).put(payload).array();
  }

  private static long deadline(long millis) {
    return System.nanoTime() + millis * 1_000_000;
  }
}
