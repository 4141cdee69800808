package dev.gni.containerd.cri.transport;

import java.io.IOException;

/**
 * The peer broke the HTTP/2 or HPACK rules: a connection error (RFC 9113 section 5.4.1). The connection is
 * ended with a GOAWAY carrying {@link #code()}, and the call fails.
 */
final class H2Exception extends IOException {
  static final int PROTOCOL_ERROR = 0x1;
  static final int FLOW_CONTROL_ERROR = 0x3;
  static final int STREAM_CLOSED = 0x5;
  static final int FRAME_SIZE_ERROR = 0x6;
  static final int REFUSED_STREAM = 0x7;
  static final int CANCEL = 0x8;
  static final int COMPRESSION_ERROR = 0x9;
  static final int ENHANCE_YOUR_CALM = 0xb;

  private static final String[] NAMES = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
      "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
      "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

  private final int code;

  H2Exception(int code, String message) {
    super(message);
    this.code = code;
  }

  int code() {
    return code;
  }

  /** The name of an HTTP/2 error code (RFC 9113 section 7), or its number in hex when unknown. */
  static String name(long code) {
    return code >= 0 && code < NAMES.length ? NAMES[(int) code] : "0x" + Long.toHexString(code);
  }
}
