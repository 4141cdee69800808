package dev.gni.containerd.cri.transport;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client end of one HTTP/2 connection with prior knowledge over a unix socket (RFC 9113 section 3.3),
 * running one stream at a time: the preface and SETTINGS exchange (3.4, 6.5), PING answers (6.7),
 * flow control both ways (5.2, 6.9: received DATA is given back by WINDOW_UPDATE on the connection and the
 * stream once half a window is used; DATA is sent within the server's windows and SETTINGS_MAX_FRAME_SIZE),
 * GOAWAY (6.8) and RST_STREAM (6.4). A breach of the protocol by the server throws {@link H2Exception};
 * the caller then ends the connection with {@link #goAway(int, String)}.
 */
final class H2Connection implements Closeable {
  /** The flow-control window we grant, per stream and for the connection: the default (RFC 9113 6.9.2). */
  static final int WINDOW = 65_535;
  /** Our SETTINGS_HEADER_TABLE_SIZE: the default, so it is not sent. */
  static final int HEADER_TABLE_SIZE = 4096;
  /** Our SETTINGS_MAX_HEADER_LIST_SIZE, sent; also the largest header block we take. */
  static final int MAX_HEADER_LIST = 1 << 20;
  private static final int MAX_STREAM_ID = Integer.MAX_VALUE;
  private static final int SETTINGS_ENABLE_PUSH = 0x2;
  private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  private static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
  private static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

  private final UnixSocket socket;
  private final FrameIo io;
  private final HpackDecoder hpack = new HpackDecoder(HEADER_TABLE_SIZE, MAX_HEADER_LIST);
  private int nextStreamId = 1;
  private int peerMaxFrame = FrameIo.DEFAULT_MAX_FRAME;
  private int peerInitialWindow = WINDOW;
  private long sendWindow = WINDOW;
  private int receiveWindow = WINDOW;
  private H2Stream active;
  /** Set by the server's GOAWAY: no new streams on this connection. */
  private String goAway;
  /** A write failed (the server stopped reading): no new streams on this connection. */
  private IOException writeFailure;

  private H2Connection(UnixSocket socket) {
    this.socket = socket;
    this.io = new FrameIo(socket, FrameIo.DEFAULT_MAX_FRAME, MAX_HEADER_LIST);
  }

  /** Connects; the preface and our SETTINGS are queued and go out with the first request. */
  static H2Connection open(String socketPath, long deadline) throws IOException {
    H2Connection c = new H2Connection(UnixSocket.connect(socketPath, deadline));
    c.io.writePreface();
    byte[] settings = ByteBuffer.allocate(12)
        .putShort((short) SETTINGS_ENABLE_PUSH).putInt(0)
        .putShort((short) SETTINGS_MAX_HEADER_LIST_SIZE).putInt(MAX_HEADER_LIST).array();
    c.io.write(FrameIo.SETTINGS, 0, 0, settings, 0, settings.length, deadline);
    return c;
  }

  /**
   * Handles what the server sent since the last stream (SETTINGS, PING, WINDOW_UPDATE, GOAWAY), without
   * waiting. @return false when this connection cannot carry another stream: closed by the server (say,
   * containerd restarted), GOAWAY received, or broken
   */
  boolean usable(long deadline) {
    if (goAway != null || writeFailure != null || nextStreamId > MAX_STREAM_ID - 2) {
      return false;
    }
    try {
      while (io.poll()) {
        io.read(deadline);
        dispatch(deadline);
      }
      flushControl(deadline);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return goAway == null && writeFailure == null;
  }

  /**
   * Sends one request (a header block, then {@code body} as DATA) on a new stream and reads until the
   * stream is done. @return the stream with what came back
   * @throws EOFException when the server closed the connection first
   */
  H2Stream exchange(byte[] headerBlock, byte[] body, int maxReply, long deadline) throws IOException {
    H2Stream s = new H2Stream(nextStreamId, peerInitialWindow, maxReply);
    nextStreamId += 2;
    active = s;
    try {
      try {
        io.writeHeaders(s.id, headerBlock, body.length == 0, peerMaxFrame, deadline);
        sendData(s, body, deadline);
        io.flush(deadline);
      } catch (InterruptedIOException | H2Exception | EOFException e) {
        throw e;
      } catch (IOException e) {
        writeFailed(e); // the server may have answered or said why before it stopped reading: read on
      }
      while (!s.done()) {
        io.read(deadline);
        dispatch(deadline);
        flushControl(deadline);
      }
      return s;
    } catch (EOFException e) {
      EOFException described = new EOFException(e.getMessage() + (goAway == null ? "" : " after " + goAway));
      described.initCause(e.getCause());
      throw described;
    } finally {
      active = null;
    }
  }

  /** Sends the queued control frames (ACKs, WINDOW_UPDATE); if the server stopped reading, reading goes on. */
  private void flushControl(long deadline) throws IOException {
    if (writeFailure != null) {
      io.discardOutput();
      return;
    }
    try {
      io.flush(deadline);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      writeFailed(e);
    }
  }

  private void writeFailed(IOException e) {
    writeFailure = e;
    io.discardOutput();
  }

  /** Sends {@code body} within the server's windows and frame size, waiting for WINDOW_UPDATE as needed. */
  private void sendData(H2Stream s, byte[] body, long deadline) throws IOException {
    int off = 0;
    while (off < body.length && !s.done()) {
      long window = Math.min(sendWindow, s.sendWindow);
      if (window <= 0) {
        io.flush(deadline);
        io.read(deadline);
        dispatch(deadline);
        continue;
      }
      int n = (int) Math.min(Math.min(body.length - off, window), Math.min(peerMaxFrame, FrameIo.DEFAULT_MAX_FRAME));
      boolean last = off + n == body.length;
      io.write(FrameIo.DATA, last ? FrameIo.END_STREAM : 0, s.id, body, off, n, deadline);
      sendWindow -= n;
      s.sendWindow -= n;
      off += n;
    }
  }

  /** Acts on the frame just read. */
  private void dispatch(long deadline) throws IOException {
    H2Stream s = active != null && io.stream == active.id ? active : null;
    boolean endStream = (io.flags & FrameIo.END_STREAM) != 0;
    switch (io.type) {
      case FrameIo.DATA -> {
        requireStream("DATA");
        receiveWindow -= io.frameLength;
        if (receiveWindow < 0) {
          throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "server overran the connection window");
        }
        if (WINDOW - receiveWindow >= WINDOW / 2) {
          io.writeInt(FrameIo.WINDOW_UPDATE, 0, WINDOW - receiveWindow, deadline);
          receiveWindow = WINDOW;
        }
        if (s != null) {
          int increment = s.data(io.payload, io.offset, io.length, io.frameLength, endStream);
          if (increment > 0) {
            io.writeInt(FrameIo.WINDOW_UPDATE, s.id, increment, deadline);
          }
        } else {
          requireKnownStream("DATA");
        }
      }
      case FrameIo.HEADERS -> {
        requireStream("HEADERS");
        // decoded whatever the stream: the dynamic table must follow every block
        List<String> fields = hpack.decode(io.payload, io.offset, io.length);
        if (s != null) {
          s.headers(fields, endStream);
        } else {
          requireKnownStream("HEADERS");
        }
      }
      case FrameIo.PRIORITY -> {
        requireStream("PRIORITY");
        requireLength(5, "PRIORITY");
      }
      case FrameIo.RST_STREAM -> {
        requireStream("RST_STREAM");
        requireLength(4, "RST_STREAM");
        if (s != null) {
          s.resetCode = u32(0);
        } else {
          requireKnownStream("RST_STREAM");
        }
      }
      case FrameIo.SETTINGS -> settings(deadline);
      case FrameIo.PUSH_PROMISE -> throw new H2Exception(H2Exception.PROTOCOL_ERROR,
          "PUSH_PROMISE although SETTINGS_ENABLE_PUSH is 0");
      case FrameIo.PING -> {
        requireConnection("PING");
        requireLength(8, "PING");
        if ((io.flags & FrameIo.ACK) == 0) {
          io.write(FrameIo.PING, FrameIo.ACK, 0, io.payload, 0, 8, deadline);
        }
      }
      case FrameIo.GOAWAY -> goAwayReceived();
      case FrameIo.WINDOW_UPDATE -> windowUpdate(s);
      default -> {
        // unknown frame types are ignored (RFC 9113 section 5.5)
      }
    }
  }

  private void settings(long deadline) throws IOException {
    requireConnection("SETTINGS");
    if ((io.flags & FrameIo.ACK) != 0) {
      requireLength(0, "SETTINGS ACK");
      return;
    }
    if (io.length % 6 != 0) {
      throw new H2Exception(H2Exception.FRAME_SIZE_ERROR, "SETTINGS of " + io.length + " bytes");
    }
    for (int p = 0; p < io.length; p += 6) {
      int id = (io.payload[p] & 0xff) << 8 | (io.payload[p + 1] & 0xff);
      long value = u32(p + 2);
      switch (id) {
        case SETTINGS_ENABLE_PUSH -> {
          if (value != 0) {
            throw new H2Exception(H2Exception.PROTOCOL_ERROR, "server sent SETTINGS_ENABLE_PUSH " + value);
          }
        }
        case SETTINGS_INITIAL_WINDOW_SIZE -> {
          if (value > Integer.MAX_VALUE) {
            throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value);
          }
          long delta = value - peerInitialWindow;
          peerInitialWindow = (int) value;
          if (active != null) {
            active.sendWindow += delta;
            if (active.sendWindow > Integer.MAX_VALUE) {
              throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "stream window over 2^31 - 1");
            }
          }
        }
        case SETTINGS_MAX_FRAME_SIZE -> {
          if (value < FrameIo.DEFAULT_MAX_FRAME || value > 0xff_ffff) {
            throw new H2Exception(H2Exception.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value);
          }
          peerMaxFrame = (int) value;
        }
        default -> {
          // SETTINGS_HEADER_TABLE_SIZE: our encoder never indexes; MAX_CONCURRENT_STREAMS: we run one;
          // MAX_HEADER_LIST_SIZE: our requests are small; unknown ids are ignored (section 6.5.2)
        }
      }
    }
    io.write(FrameIo.SETTINGS, FrameIo.ACK, 0, io.payload, 0, 0, deadline);
  }

  private void goAwayReceived() throws H2Exception {
    requireConnection("GOAWAY");
    if (io.length < 8) {
      throw new H2Exception(H2Exception.FRAME_SIZE_ERROR, "GOAWAY of " + io.length + " bytes");
    }
    long lastStream = u32(0) & 0x7fff_ffffL;
    long code = u32(4);
    String debug = new String(io.payload, 8, Math.min(io.length - 8, 300), StandardCharsets.UTF_8).strip();
    goAway = "GOAWAY " + H2Exception.name(code) + (debug.isEmpty() ? "" : " (" + debug.replace('\n', ' ') + ")");
    if (active != null && active.id > lastStream) {
      active.refused = "the server sent " + goAway + " before taking the call";
    }
  }

  private void windowUpdate(H2Stream s) throws H2Exception {
    requireLength(4, "WINDOW_UPDATE");
    long increment = u32(0) & 0x7fff_ffffL;
    if (increment == 0) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on stream " + io.stream);
    }
    if (io.stream == 0) {
      sendWindow += increment;
      if (sendWindow > Integer.MAX_VALUE) {
        throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "connection window over 2^31 - 1");
      }
    } else if (s != null) {
      s.sendWindow += increment;
      if (s.sendWindow > Integer.MAX_VALUE) {
        throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "window of stream " + s.id + " over 2^31 - 1");
      }
    }
  }

  private void requireStream(String what) throws H2Exception {
    if (io.stream == 0) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, what + " on stream 0");
    }
  }

  private void requireConnection(String what) throws H2Exception {
    if (io.stream != 0) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, what + " on stream " + io.stream);
    }
  }

  /** A frame for a stream that is not ours now must be for one we opened before (else it is idle: 5.1). */
  private void requireKnownStream(String what) throws H2Exception {
    if (io.stream >= nextStreamId || io.stream % 2 == 0) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR,
          what + " on stream " + io.stream + ", which the client never opened");
    }
  }

  private void requireLength(int expected, String what) throws H2Exception {
    if (io.length != expected) {
      throw new H2Exception(H2Exception.FRAME_SIZE_ERROR, what + " of " + io.length + " bytes, not " + expected);
    }
  }

  private long u32(int at) {
    byte[] p = io.payload;
    int o = io.offset + at;
    return (p[o] & 0xffL) << 24 | (p[o + 1] & 0xff) << 16 | (p[o + 2] & 0xff) << 8 | (p[o + 3] & 0xff);
  }

  /** Ends the connection after a protocol error of the server's: GOAWAY with the code, if it can go out at once. */
  void goAway(int code, String message) {
    try {
      byte[] debug = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
      byte[] payload = ByteBuffer.allocate(8 + Math.min(debug.length, 200)).putInt(0)
          .putInt(code).put(debug, 0, Math.min(debug.length, 200)).array();
      io.write(FrameIo.GOAWAY, 0, 0, payload, 0, payload.length, System.nanoTime() + 50_000_000L);
      io.flush(System.nanoTime() + 50_000_000L);
    } catch (IOException | RuntimeException e) {
      // the connection is closed next anyway
    }
    close();
  }

  /** Closes the socket; safe from any thread. */
  @Override
  public void close() {
    socket.close();
  }
}
