package dev.gni.containerd.cri.grpc;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;

/**
 * One unary gRPC call's reply on its HTTP/2 stream (the gRPC over HTTP/2 mapping on top of Jetty's stream
 * events): response headers, then the length-prefixed message in DATA frames, then trailers with
 * {@code grpc-status}; or a trailers-only reply; or a reset. Completes {@link #reply} once.
 */
final class UnaryCall implements Stream.Listener {
  final CompletableFuture<byte[]> reply = new CompletableFuture<>();
  private final int maxReplyBytes;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int httpStatus;

  UnaryCall(int maxReplyBytes) {
    this.maxReplyBytes = maxReplyBytes;
  }

  /** The request message with gRPC's 5-byte prefix: not compressed, then the length (big-endian). */
  static ByteBuffer frame(byte[] message) {
    return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).flip();
  }

  @Override
  public void onHeaders(Stream stream, HeadersFrame frame) {
    MetaData meta = frame.getMetaData();
    if (meta instanceof MetaData.Response response) {
      httpStatus = response.getStatus();
      if (frame.isEndStream()) { // trailers-only: the status is in these headers
        finish(response.getHttpFields());
      } else {
        stream.demand();
      }
    } else {
      finish(meta.getHttpFields());
    }
  }

  @Override
  public void onDataAvailable(Stream stream) {
    while (!reply.isDone()) {
      Stream.Data data = stream.readData();
      if (data == null) {
        stream.demand();
        return;
      }
      ByteBuffer bytes = data.frame().getByteBuffer();
      if (body.size() + bytes.remaining() > maxReplyBytes + 5) {
        data.release();
        stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
        reply.completeExceptionally(new GrpcException("RESOURCE_EXHAUSTED",
            "reply larger than " + maxReplyBytes + " bytes"));
        return;
      }
      byte[] chunk = new byte[bytes.remaining()];
      bytes.get(chunk);
      body.writeBytes(chunk);
      boolean last = data.frame().isEndStream();
      data.release();
      if (last) { // DATA with END_STREAM and no trailers: not a valid gRPC reply
        finish(HttpFields.EMPTY);
        return;
      }
    }
  }

  @Override
  public void onReset(Stream stream, ResetFrame frame, Callback callback) {
    ErrorCode code = ErrorCode.from(frame.getError());
    reply.completeExceptionally(new GrpcException(code == ErrorCode.CANCEL_STREAM_ERROR ? "CANCELLED" : "INTERNAL",
        "HTTP/2 stream reset by the server: " + (code == null ? frame.getError() : code.name())));
    callback.succeeded();
  }

  @Override
  public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
    reply.completeExceptionally(new GrpcException("UNAVAILABLE", reason == null ? String.valueOf(failure) : reason,
        failure));
    callback.succeeded();
  }

  private void finish(HttpFields fields) {
    String status = fields.get("grpc-status");
    if (status == null) {
      reply.completeExceptionally(new GrpcException(httpStatus == 200 ? "INTERNAL" : "UNKNOWN",
          "no grpc-status in the reply (HTTP status " + httpStatus + ")"));
      return;
    }
    String code = GrpcException.codeName(status);
    if (!code.equals("OK")) {
      String message = fields.get("grpc-message");
      reply.completeExceptionally(new GrpcException(code, message == null ? "" : decode(message)));
      return;
    }
    byte[] b = body.toByteArray();
    if (b.length < 5 || b[0] != 0) {
      reply.completeExceptionally(new GrpcException("INTERNAL", b.length < 5
          ? "reply has no complete message" : "reply message is compressed, which was not asked for"));
      return;
    }
    int length = ByteBuffer.wrap(b, 1, 4).getInt();
    if (length != b.length - 5) {
      reply.completeExceptionally(new GrpcException("INTERNAL", "reply message of " + (b.length - 5)
          + " bytes, its prefix says " + length));
      return;
    }
    byte[] message = new byte[length];
    System.arraycopy(b, 5, message, 0, length);
    reply.complete(message);
  }

  /** grpc-message is percent-encoded UTF-8 (and never form-encoded: a '+' is a plus). */
  private static String decode(String message) {
    try {
      return URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return message;
    }
  }
}
