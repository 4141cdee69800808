package dev.gni.containerd.cri.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The gRPC-over-HTTP/2 mapping of one unary call (the gRPC "PROTOCOL-HTTP2" spec): the request headers with
 * {@code grpc-timeout}, the length-prefixed message, and the reading of the reply: HTTP {@code :status},
 * {@code content-type}, response headers, DATA and trailers, or a trailers-only reply; {@code grpc-status}
 * and the percent-encoded {@code grpc-message}. Compression is never offered, and a compressed reply is
 * refused.
 */
final class GrpcCall {
  static final String AUTHORITY = "localhost";
  private static final String USER_AGENT = "gvisor-node-installer";
  private static final int PREFIX = 5;

  private GrpcCall() {
  }

  /** HPACK block of the request headers for {@code path} ("/package.Service/Method"). */
  static byte[] requestHeaders(String path, long timeoutNanos) {
    return HpackEncoder.encode(
        ":method", "POST",
        ":scheme", "http",
        ":path", path,
        ":authority", AUTHORITY,
        "content-type", "application/grpc",
        "te", "trailers",
        "grpc-timeout", timeout(timeoutNanos),
        "user-agent", USER_AGENT);
  }

  /** {@code grpc-timeout}: at most 8 digits, in milliseconds while they fit, rounded up. */
  static String timeout(long nanos) {
    long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
    if (millis <= 99_999_999L) {
      return millis + "m";
    }
    return Math.min(99_999_999L, (millis + 999) / 1000) + "S";
  }

  /** The length-prefixed message: compressed flag 0, 4-byte big-endian length, the bytes. */
  static byte[] frame(byte[] message) {
    return ByteBuffer.allocate(PREFIX + message.length).put((byte) 0).putInt(message.length).put(message).array();
  }

  /** The reply's one message. @throws GrpcException for any status but OK, or a malformed reply */
  static byte[] reply(H2Stream s) {
    if (s.refused != null) {
      throw new GrpcException("UNAVAILABLE", s.refused);
    }
    if (s.resetCode >= 0) {
      throw new GrpcException(resetStatus(s.resetCode), "the server reset the stream with "
          + H2Exception.name(s.resetCode));
    }
    List<String> headers = s.headers;
    String httpStatus = header(headers, ":status");
    if (httpStatus == null) {
      throw new GrpcException("INTERNAL", "reply without :status");
    }
    if (!httpStatus.equals("200")) {
      String grpcMessage = header(headers, "grpc-message");
      throw new GrpcException(httpStatusCode(httpStatus), "HTTP status " + httpStatus + ", not a gRPC reply"
          + (grpcMessage == null ? "" : ": " + percentDecode(grpcMessage)));
    }
    String contentType = header(headers, "content-type");
    if (contentType == null || !contentType.startsWith("application/grpc")) {
      throw new GrpcException("UNKNOWN", "reply content-type is " + contentType + ", not application/grpc");
    }
    List<String> status;
    if (s.trailers != null) {
      status = s.trailers;
    } else if (s.trailersOnly) {
      status = headers;
    } else {
      throw new GrpcException("INTERNAL", "the server ended the stream without trailers");
    }
    String grpcStatus = header(status, "grpc-status");
    if (grpcStatus == null) {
      throw new GrpcException("UNKNOWN", "reply without grpc-status");
    }
    int code;
    try {
      code = Integer.parseInt(grpcStatus);
    } catch (NumberFormatException e) {
      throw new GrpcException("UNKNOWN", "grpc-status is not a number: " + grpcStatus);
    }
    if (code != 0) {
      String message = header(status, "grpc-message");
      throw new GrpcException(GrpcException.codeName(code), message == null ? "" : percentDecode(message));
    }
    return message(s.data(), s.dataLength, header(headers, "grpc-encoding"));
  }

  /** The one length-prefixed message of a unary reply. */
  private static byte[] message(byte[] data, int length, String encoding) {
    if (length == 0) {
      throw new GrpcException("INTERNAL", "reply with status OK but no message");
    }
    if (length < PREFIX) {
      throw new GrpcException("INTERNAL", "reply message cut short: " + length + " bytes");
    }
    int flag = data[0];
    if (flag == 1) {
      throw new GrpcException("INTERNAL", "compressed reply (grpc-encoding " + encoding
          + "), but this client offers no compression");
    }
    if (flag != 0) {
      throw new GrpcException("INTERNAL", "reply message has an invalid compressed flag " + flag);
    }
    long size = ByteBuffer.wrap(data, 1, 4).getInt() & 0xffff_ffffL;
    if (size > length - PREFIX) {
      throw new GrpcException("INTERNAL", "reply message cut short: " + (length - PREFIX) + " of " + size + " bytes");
    }
    if (size < length - PREFIX) {
      throw new GrpcException("INTERNAL", "more than one message in a unary reply");
    }
    return Arrays.copyOfRange(data, PREFIX, length);
  }

  /** The first value of header {@code name} in a field list (name, value, ...), or null. */
  static String header(List<String> fields, String name) {
    for (int i = 0; i < fields.size(); i += 2) {
      if (fields.get(i).equals(name)) {
        return fields.get(i + 1);
      }
    }
    return null;
  }

  /** grpc-message is percent-encoded UTF-8; a malformed escape is kept as it is. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** HTTP status to gRPC code, as the gRPC spec's http-grpc-status-mapping. */
  private static String httpStatusCode(String status) {
    return switch (status) {
      case "400" -> "INTERNAL";
      case "401" -> "UNAUTHENTICATED";
      case "403" -> "PERMISSION_DENIED";
      case "404" -> "UNIMPLEMENTED";
      case "429", "502", "503", "504" -> "UNAVAILABLE";
      default -> "UNKNOWN";
    };
  }

  /** RST_STREAM error code to gRPC code, as the gRPC HTTP/2 spec maps them. */
  private static String resetStatus(long code) {
    if (code == H2Exception.REFUSED_STREAM) {
      return "UNAVAILABLE";
    }
    if (code == H2Exception.CANCEL) {
      return "CANCELLED";
    }
    if (code == H2Exception.ENHANCE_YOUR_CALM) {
      return "RESOURCE_EXHAUSTED";
    }
    if (code == 0xc) { // INADEQUATE_SECURITY
      return "PERMISSION_DENIED";
    }
    return code <= 0xd ? "INTERNAL" : "UNKNOWN";
  }
}
