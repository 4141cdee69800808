package dev.gni.containerd.cri.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HTTP/2 frames (RFC 9113 section 4.1) over a {@link UnixSocket}. Reading: one frame at a time into the
 * public-in-package fields {@link #type}, {@link #flags}, {@link #stream} and the content
 * {@link #payload}[{@link #offset}, +{@link #length}), with padding and priority fields removed from DATA
 * and HEADERS (sections 6.1, 6.2) and a HEADERS frame's CONTINUATION frames (section 6.10) joined into one
 * header block. A frame over our SETTINGS_MAX_FRAME_SIZE is refused (section 4.2). Writing: frames are
 * collected in a buffer and sent by {@link #flush(long)}.
 */
final class FrameIo {
  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int PRIORITY = 0x2;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int PUSH_PROMISE = 0x5;
  static final int PING = 0x6;
  static final int GOAWAY = 0x7;
  static final int WINDOW_UPDATE = 0x8;
  static final int CONTINUATION = 0x9;

  static final int END_STREAM = 0x1;
  static final int ACK = 0x1;
  static final int END_HEADERS = 0x4;
  static final int PADDED = 0x8;
  static final int PRIORITY_FLAG = 0x20;

  static final int FRAME_HEADER = 9;
  /** The initial (and minimum) SETTINGS_MAX_FRAME_SIZE (RFC 9113 section 6.5.2). */
  static final int DEFAULT_MAX_FRAME = 16_384;
  static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final UnixSocket socket;
  private final int maxFrameSize;
  private final int maxHeaderBlock;
  /** Received bytes not yet taken, in read mode (position to limit). */
  private final ByteBuffer in;
  private ByteBuffer out = ByteBuffer.allocate(2 * (FRAME_HEADER + DEFAULT_MAX_FRAME));

  /** The frame last read. */
  int type;
  int flags;
  int stream;
  byte[] payload;
  int offset;
  int length;
  /** The whole payload's length, padding included: what a DATA frame counts against flow control. */
  int frameLength;

  /**
   * @param maxFrameSize   the largest frame payload accepted: our SETTINGS_MAX_FRAME_SIZE
   * @param maxHeaderBlock the largest header block accepted, over HEADERS and CONTINUATION frames
   */
  FrameIo(UnixSocket socket, int maxFrameSize, int maxHeaderBlock) {
    this.socket = socket;
    this.maxFrameSize = maxFrameSize;
    this.maxHeaderBlock = maxHeaderBlock;
    this.in = ByteBuffer.allocate(2 * (FRAME_HEADER + maxFrameSize));
    in.flip();
  }

  /** Reads the next frame, waiting until {@code deadline}. */
  void read(long deadline) throws IOException {
    readFrame(deadline);
    if (type == DATA) {
      removePadding();
    } else if (type == HEADERS) {
      removePadding();
      if ((flags & PRIORITY_FLAG) != 0) {
        if (length < 5) {
          throw new H2Exception(H2Exception.PROTOCOL_ERROR, "HEADERS frame too short for its priority fields");
        }
        offset += 5;
        length -= 5;
      }
      if ((flags & END_HEADERS) == 0) {
        joinContinuations(deadline);
      }
    } else if (type == CONTINUATION) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, "CONTINUATION frame without HEADERS on stream " + stream);
    }
  }

  /**
   * Takes in what the socket has without waiting. @return true when a whole frame is here, so that
   * {@link #read(long)} returns it without waiting (unless it is a HEADERS frame whose CONTINUATION is late)
   * @throws EOFException when the server closed the connection
   */
  boolean poll() throws IOException {
    if (!frameBuffered()) {
      readSocket(false, 0);
    }
    return frameBuffered();
  }

  private boolean frameBuffered() {
    if (in.remaining() < FRAME_HEADER) {
      return false;
    }
    int p = in.position();
    int len = (in.get(p) & 0xff) << 16 | (in.get(p + 1) & 0xff) << 8 | (in.get(p + 2) & 0xff);
    return len > maxFrameSize || in.remaining() >= FRAME_HEADER + len;
  }

  private void readFrame(long deadline) throws IOException {
    fill(FRAME_HEADER, deadline);
    int len = (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
    type = in.get() & 0xff;
    flags = in.get() & 0xff;
    stream = in.getInt() & 0x7fff_ffff;
    if (len > maxFrameSize) {
      throw new H2Exception(H2Exception.FRAME_SIZE_ERROR, "frame of type " + type + " has " + len
          + " bytes, more than SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
    }
    fill(len, deadline);
    payload = new byte[len];
    in.get(payload);
    offset = 0;
    length = len;
    frameLength = len;
  }

  private void fill(int n, long deadline) throws IOException {
    while (in.remaining() < n) {
      readSocket(true, deadline);
    }
  }

  /** One read into the buffer: waiting until the deadline, or only what the socket has now. */
  private void readSocket(boolean wait, long deadline) throws IOException {
    in.compact();
    int n;
    try {
      n = wait ? socket.read(in, deadline) : socket.readNow(in);
    } catch (InterruptedIOException | ClosedChannelException e) {
      throw e;
    } catch (IOException e) {
      throw closed(e);
    } finally {
      in.flip();
    }
    if (n < 0) {
      throw new EOFException("connection closed by the server");
    }
  }

  /** A read error on a connected unix socket is the server going away with data unread (ECONNRESET). */
  private static EOFException closed(IOException e) {
    EOFException eof = new EOFException("connection closed by the server (" + e.getMessage() + ")");
    eof.initCause(e);
    return eof;
  }

  private void removePadding() throws H2Exception {
    if ((flags & PADDED) == 0) {
      return;
    }
    int pad = length == 0 ? Integer.MAX_VALUE : payload[0] & 0xff;
    if (pad >= length) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, "padding of frame type " + type + " on stream " + stream
          + " is as long as the frame or longer");
    }
    offset = 1;
    length = length - 1 - pad;
  }

  private void joinContinuations(long deadline) throws IOException {
    int headersStream = stream;
    int headersFlags = flags;
    byte[] block = Arrays.copyOfRange(payload, offset, offset + length);
    int blockLength = length;
    do {
      readFrame(deadline);
      if (type != CONTINUATION || stream != headersStream) {
        throw new H2Exception(H2Exception.PROTOCOL_ERROR, "frame type " + type + " on stream " + stream
            + " where a CONTINUATION of stream " + headersStream + " must follow");
      }
      if (blockLength + length > maxHeaderBlock) {
        throw new H2Exception(H2Exception.ENHANCE_YOUR_CALM, "header block larger than " + maxHeaderBlock + " bytes");
      }
      if (blockLength + length > block.length) {
        block = Arrays.copyOf(block, Math.min(maxHeaderBlock, Math.max(blockLength + length, 2 * block.length)));
      }
      System.arraycopy(payload, 0, block, blockLength, length);
      blockLength += length;
    } while ((flags & END_HEADERS) == 0);
    type = HEADERS;
    flags = (headersFlags & END_STREAM) | END_HEADERS;
    stream = headersStream;
    payload = block;
    offset = 0;
    length = blockLength;
    frameLength = blockLength;
  }

  void writePreface() {
    out.put(PREFACE);
  }

  /** Queues one frame; sends what is queued first when the buffer is full. */
  void write(int frameType, int frameFlags, int streamId, byte[] data, int off, int len, long deadline)
      throws IOException {
    room(FRAME_HEADER + len, deadline);
    header(len, frameType, frameFlags, streamId);
    out.put(data, off, len);
  }

  /** Queues a frame whose payload is one 32-bit value (WINDOW_UPDATE, RST_STREAM). */
  void writeInt(int frameType, int streamId, int value, long deadline) throws IOException {
    room(FRAME_HEADER + 4, deadline);
    header(4, frameType, 0, streamId);
    out.putInt(value);
  }

  /** Queues a header block as HEADERS plus CONTINUATION frames of at most {@code maxFrame} bytes each. */
  void writeHeaders(int streamId, byte[] block, boolean endStream, int maxFrame, long deadline) throws IOException {
    int n = Math.min(block.length, maxFrame);
    int first = (endStream ? END_STREAM : 0) | (n == block.length ? END_HEADERS : 0);
    write(HEADERS, first, streamId, block, 0, n, deadline);
    for (int off = n; off < block.length; off += n) {
      n = Math.min(block.length - off, maxFrame);
      write(CONTINUATION, off + n == block.length ? END_HEADERS : 0, streamId, block, off, n, deadline);
    }
  }

  private void room(int needed, long deadline) throws IOException {
    if (out.remaining() < needed) {
      flush(deadline);
      if (out.capacity() < needed) {
        out = ByteBuffer.allocate(needed);
      }
    }
  }

  private void header(int len, int frameType, int frameFlags, int streamId) {
    out.put((byte) (len >>> 16)).put((byte) (len >>> 8)).put((byte) len);
    out.put((byte) frameType).put((byte) frameFlags).putInt(streamId);
  }

  /** Drops the queued frames (after a write failed, nothing more can go out). */
  void discardOutput() {
    out.clear();
  }

  /** Sends all queued frames. */
  void flush(long deadline) throws IOException {
    if (out.position() == 0) {
      return;
    }
    out.flip();
    try {
      socket.write(out, deadline);
    } finally {
      out.clear();
    }
  }
}
