package dev.gni.containerd.cri.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST ONLY: a scripted HTTP/2 server on a unix socket, to make the failures a real containerd cannot be
 * made to produce on demand (RST_STREAM, GOAWAY mid-call, silence, compressed or malformed replies, tiny
 * DATA frames under tight flow control). One thread accepts connections one after another and runs the
 * script on each; what the script throws (other than the client hanging up) fails the test at
 * {@link #close()}.
 */
final class FakeH2Server implements AutoCloseable {
  /** What the server does on one connection. */
  interface Script {
    void run(Conn c) throws Exception;
  }

  private final ServerSocketChannel server;
  private final Thread thread;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Throwable failure;
  final String path;

  private FakeH2Server(Path socket, Script script) throws IOException {
    this.path = socket.toString();
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.thread = new Thread(() -> serve(script), "fake-h2-server");
    thread.setDaemon(true);
    thread.start();
  }

  static FakeH2Server start(Path dir, Script script) throws IOException {
    return new FakeH2Server(dir.resolve("fake.sock"), script);
  }

  private void serve(Script script) {
    while (server.isOpen()) {
      try (SocketChannel ch = server.accept()) {
        int n = connections.incrementAndGet();
        Conn c = new Conn(ch, n);
        try {
          script.run(c);
        } catch (EOFException | AsynchronousCloseException e) {
          // the client hung up
        } catch (IOException e) {
          if (!String.valueOf(e.getMessage()).contains("reset") && !String.valueOf(e.getMessage()).contains("pipe")) {
            failure = e;
          }
        } catch (Throwable e) {
          failure = e;
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws Exception {
    server.close();
    thread.join(5000);
    if (failure != null) {
      throw new AssertionError("fake server: " + failure, failure);
    }
  }

  /** A frame as sent by the client. */
  record Frame(int type, int flags, int stream, byte[] payload) {
    int u32(int at) {
      return ByteBuffer.wrap(payload, at, 4).getInt();
    }
  }

  /** One request: its stream, decoded headers and body (the gRPC message without its prefix). */
  record Request(int stream, List<String> headers, byte[] message) {
  }

  /** One accepted connection, with the server's view of flow control. */
  static final class Conn {
    final int number;
    private final SocketChannel channel;
    private final DataInputStream in;
    private final OutputStream out;
    private final HpackDecoder hpack = new HpackDecoder(4096, 1 << 20);
    long connectionWindow = 65_535;
    int clientInitialWindow = 65_535;
    final Map<Integer, Long> streamWindows = new HashMap<>();
    final List<Frame> seen = new ArrayList<>();
    int pingAcks;

    Conn(SocketChannel channel, int number) {
      this.channel = channel;
      this.number = number;
      this.in = new DataInputStream(Channels.newInputStream(channel));
      this.out = Channels.newOutputStream(channel);
    }

    /** Reads the client preface and sends the server's SETTINGS (id, value pairs). */
    Conn handshake(int... settings) throws IOException {
      byte[] preface = new byte[24];
      in.readFully(preface);
      assertArrayEquals(FrameIo.PREFACE, preface);
      ByteBuffer b = ByteBuffer.allocate(6 * settings.length / 2);
      for (int i = 0; i < settings.length; i += 2) {
        b.putShort((short) settings[i]).putInt(settings[i + 1]);
      }
      frame(FrameIo.SETTINGS, 0, 0, b.array());
      return this;
    }

    Frame read() throws IOException {
      int len = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7fff_ffff;
      byte[] payload = new byte[len];
      in.readFully(payload);
      Frame f = new Frame(type, flags, stream, payload);
      seen.add(f);
      return f;
    }

    /** Reads a frame and does what a server must: ACK SETTINGS, count PING ACKs, apply WINDOW_UPDATE. */
    Frame readHandled() throws IOException {
      Frame f = read();
      if (f.type() == FrameIo.SETTINGS && (f.flags() & FrameIo.ACK) == 0) {
        frame(FrameIo.SETTINGS, FrameIo.ACK, 0, new byte[0]);
      } else if (f.type() == FrameIo.PING && (f.flags() & FrameIo.ACK) != 0) {
        pingAcks++;
      } else if (f.type() == FrameIo.WINDOW_UPDATE) {
        if (f.stream() == 0) {
          connectionWindow += f.u32(0);
        } else {
          streamWindows.merge(f.stream(), (long) f.u32(0), Long::sum);
        }
      }
      return f;
    }

    /** Reads until one whole request arrived (HEADERS, then DATA up to END_STREAM). */
    Request request() throws IOException {
      List<String> headers = null;
      ByteBuffer body = ByteBuffer.allocate(1 << 20);
      while (true) {
        Frame f = readHandled();
        if (f.type() == FrameIo.HEADERS) {
          headers = hpack.decode(f.payload(), 0, f.payload().length);
          streamWindows.putIfAbsent(f.stream(), (long) clientInitialWindow);
        } else if (f.type() == FrameIo.DATA) {
          body.put(f.payload());
          if ((f.flags() & FrameIo.END_STREAM) != 0) {
            body.flip();
            body.position(5);
            byte[] message = new byte[body.remaining()];
            body.get(message);
            return new Request(f.stream(), headers, message);
          }
        }
      }
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
      out.write(FrameIoTest.frame(type, flags, stream, payload));
    }

    void headers(int stream, boolean endStream, String... fields) throws IOException {
      frame(FrameIo.HEADERS, FrameIo.END_HEADERS | (endStream ? FrameIo.END_STREAM : 0), stream,
          HpackEncoder.encode(fields));
    }

    void grpcHeaders(int stream) throws IOException {
      headers(stream, false, ":status", "200", "content-type", "application/grpc");
    }

    void trailers(int stream, int status) throws IOException {
      headers(stream, true, "grpc-status", Integer.toString(status));
    }

    /** A whole OK reply: headers, the message in one DATA frame, trailers. */
    void reply(int stream, byte[] message) throws IOException {
      grpcHeaders(stream);
      frame(FrameIo.DATA, 0, stream, GrpcCall.frame(message));
      trailers(stream, 0);
    }

    /**
     * Sends {@code data} in DATA frames of {@code chunk} bytes (every other one padded), never beyond the
     * client's windows: when they are used up, it waits for the client's WINDOW_UPDATE frames.
     */
    void flowControlledData(int stream, byte[] data, int chunk) throws IOException {
      boolean pad = false;
      for (int off = 0; off < data.length; off += chunk) {
        int n = Math.min(chunk, data.length - off);
        int frameLength = pad ? n + 1 + 7 : n;
        while (connectionWindow < frameLength || streamWindows.get(stream) < frameLength) {
          readHandled();
        }
        byte[] payload;
        if (pad) {
          payload = ByteBuffer.allocate(frameLength).put((byte) 7).put(data, off, n).array();
        } else {
          payload = java.util.Arrays.copyOfRange(data, off, off + n);
        }
        frame(FrameIo.DATA, pad ? FrameIo.PADDED : 0, stream, payload);
        connectionWindow -= frameLength;
        streamWindows.merge(stream, (long) -frameLength, Long::sum);
        pad = !pad;
      }
    }

    /** Reads until the client acknowledged the server's SETTINGS, so nothing sent is left unread at a close. */
    void awaitSettingsAck() throws IOException {
      while (true) {
        Frame f = readHandled();
        if (f.type() == FrameIo.SETTINGS && (f.flags() & FrameIo.ACK) != 0) {
          return;
        }
      }
    }

    /** Reads until the client closes the connection. */
    void drain() throws IOException {
      while (true) {
        readHandled();
      }
    }

    void close() throws IOException {
      channel.close();
    }
  }
}
