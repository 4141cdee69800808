package dev.gni.containerd.cri.transport;

import java.util.Arrays;
import java.util.List;

/**
 * The client side of one HTTP/2 stream carrying one gRPC call (RFC 9113 section 5.1): what came back
 * (response headers, DATA bytes, trailers, or a reset) and both directions' flow-control windows
 * (section 6.9). A stream is done when the server ended it, reset it, or a GOAWAY left it unprocessed.
 */
final class H2Stream {
  final int id;
  /** How many DATA bytes the server still allows us on this stream. */
  long sendWindow;
  /** How many DATA bytes we still allow the server on this stream. */
  private int receiveWindow = H2Connection.WINDOW;
  private final int maxData;

  List<String> headers;
  List<String> trailers;
  /** The response headers ended the stream: they carry the status (a "trailers-only" reply). */
  boolean trailersOnly;
  private byte[] data = new byte[1024];
  int dataLength;
  boolean ended;
  /** The RST_STREAM error code, or -1. */
  long resetCode = -1;
  /** Why the server will not process this stream (a GOAWAY below its id), or null. */
  String refused;

  H2Stream(int id, int sendWindow, int maxData) {
    this.id = id;
    this.sendWindow = sendWindow;
    this.maxData = maxData;
  }

  boolean done() {
    return ended || resetCode >= 0 || refused != null;
  }

  byte[] data() {
    return data;
  }

  /** A header block for this stream: the response headers, then the trailers (RFC 9113 section 8.1). */
  void headers(List<String> fields, boolean endStream) throws H2Exception {
    if (ended) {
      throw new H2Exception(H2Exception.STREAM_CLOSED, "HEADERS on stream " + id + " after its end");
    }
    if (headers == null) {
      String status = GrpcCall.header(fields, ":status");
      if (status != null && status.length() == 3 && status.charAt(0) == '1' && !endStream) {
        return; // 1xx informational: the real response follows
      }
      headers = fields;
      trailersOnly = endStream;
    } else if (endStream) {
      trailers = fields;
    } else {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, "second HEADERS on stream " + id + " without END_STREAM");
    }
    ended = endStream;
  }

  /**
   * A DATA frame's content for this stream. @return the WINDOW_UPDATE increment to send for the stream, or 0
   * @throws GrpcException RESOURCE_EXHAUSTED when the reply grows over the limit
   */
  int data(byte[] src, int offset, int length, int frameLength, boolean endStream) throws H2Exception {
    if (ended) {
      throw new H2Exception(H2Exception.STREAM_CLOSED, "DATA on stream " + id + " after its end");
    }
    if (headers == null) {
      throw new H2Exception(H2Exception.PROTOCOL_ERROR, "DATA before HEADERS on stream " + id);
    }
    receiveWindow -= frameLength;
    if (receiveWindow < 0) {
      throw new H2Exception(H2Exception.FLOW_CONTROL_ERROR, "server overran the window of stream " + id);
    }
    if (length > maxData - dataLength) {
      throw new GrpcException("RESOURCE_EXHAUSTED", "reply larger than " + maxData + " bytes");
    }
    if (dataLength + length > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(maxData, Math.max(dataLength + length, 2L * data.length)));
    }
    System.arraycopy(src, offset, data, dataLength, length);
    dataLength += length;
    ended = endStream;
    int consumed = H2Connection.WINDOW - receiveWindow;
    if (!endStream && consumed >= H2Connection.WINDOW / 2) {
      receiveWindow = H2Connection.WINDOW;
      return consumed;
    }
    return 0;
  }
}
