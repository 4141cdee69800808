package dev.gni.containerd.cri.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.junit.jupiter.api.Test;

/**
 * The gRPC part of a reply that containerd does not easily produce on demand: trailers-only errors with
 * percent-encoded messages, unknown status numbers, a reply without grpc-status. Real replies (OK, NOT_FOUND,
 * UNIMPLEMENTED, DEADLINE_EXCEEDED) are covered against real containerd by the CRI tests of the parent package.
 */
class UnaryCallTest {
  @Test
  void frame_prefixesUncompressedFlagAndBigEndianLength() {
    ByteBuffer framed = UnaryCall.frame(new byte[] {7, 8, 9});

    byte[] bytes = new byte[framed.remaining()];
    framed.get(bytes);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 3, 7, 8, 9}, bytes);
  }

  @Test
  void trailersOnlyError_isTheStatusWithThePercentDecodedMessage() {
    GrpcException e = failure(trailersOnly("5", "container \"a+b\" not found: 100%25 sure"));

    assertEquals("NOT_FOUND", e.code());
    assertEquals("container \"a+b\" not found: 100% sure", e.description());
  }

  @Test
  void unknownStatusNumber_isUnknown() {
    assertEquals("UNKNOWN", failure(trailersOnly("99", null)).code());
    assertEquals("UNKNOWN", failure(trailersOnly("x", null)).code());
  }

  @Test
  void replyWithoutGrpcStatus_isInternal() {
    GrpcException e = failure(trailersOnly(null, null));

    assertEquals("INTERNAL", e.code());
    assertEquals("no grpc-status in the reply (HTTP status 200)", e.description());
  }

  private static UnaryCall trailersOnly(String status, String wireMessage) {
    HttpFields.Mutable fields = HttpFields.build().put("content-type", "application/grpc");
    if (status != null) {
      fields.put("grpc-status", status);
    }
    if (wireMessage != null) {
      fields.put("grpc-message", wireMessage); // percent-encoded, as on the wire
    }
    UnaryCall call = new UnaryCall(1024);
    call.onHeaders(null, new HeadersFrame(1, new MetaData.Response(200, null, HttpVersion.HTTP_2, fields), null, true));
    return call;
  }

  private static GrpcException failure(UnaryCall call) {
    ExecutionException e = assertThrows(ExecutionException.class, call.reply::get);
    return (GrpcException) e.getCause();
  }
}
