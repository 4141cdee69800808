package dev.gni.containerd.cri.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * Unary gRPC calls over HTTP/2 on a unix socket, one at a time, without threads. Creating the channel does
 * no I/O: the first call connects, later calls reuse the connection, and a call after the connection broke
 * (the server closed it, e.g. containerd restarted; a GOAWAY; a timeout or error) connects anew. Each call
 * ends by its deadline, connect included. {@link #close()} closes the socket, also from another thread.
 */
public final class GrpcChannel implements AutoCloseable {
  /** The largest reply message taken, as grpc-java's maxInboundMessageSize was set. */
  public static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

  private final String socketPath;
  private volatile H2Connection connection;
  private volatile boolean closed;

  public GrpcChannel(String socketPath) {
    this.socketPath = socketPath;
  }

  /**
   * Calls {@code path} ("/package.Service/Method") with the encoded request message.
   * @return the encoded reply message
   * @throws GrpcException on any failure, with the gRPC status code's name; DEADLINE_EXCEEDED when
   *     {@code timeout} passed first
   */
  public synchronized byte[] unaryCall(String path, byte[] request, Duration timeout) {
    long timeoutNanos = Math.max(1_000_000L, timeout.toNanos());
    long deadline = System.nanoTime() + timeoutNanos;
    H2Connection c = connection(deadline, timeoutNanos);
    H2Stream stream;
    try {
      stream = c.exchange(GrpcCall.requestHeaders(path, deadline - System.nanoTime()), GrpcCall.frame(request),
          MAX_REPLY_BYTES + 5, deadline);
    } catch (H2Exception e) {
      c.goAway(e.code(), e.getMessage());
      drop();
      throw new GrpcException("INTERNAL", "HTTP/2 " + H2Exception.name(e.code()) + ": " + e.getMessage(), e);
    } catch (IOException e) {
      drop();
      throw failure(e, timeoutNanos, "");
    } catch (RuntimeException e) {
      drop();
      throw e;
    }
    if (stream.resetCode == H2Exception.CANCEL && System.nanoTime() - deadline >= 0) {
      // the server enforces our grpc-timeout (rounded up, so it ends no earlier than ours) by cancelling
      throw new GrpcException("DEADLINE_EXCEEDED", "no answer within " + timeoutNanos / 1_000_000
          + " ms (the server cancelled the call at its deadline)");
    }
    return GrpcCall.reply(stream); // a status or reset ends the stream, not the connection
  }

  /** The open connection if it can take another stream, else a new one. */
  private H2Connection connection(long deadline, long timeoutNanos) {
    if (closed) {
      throw new GrpcException("UNAVAILABLE", "channel closed");
    }
    H2Connection c = connection;
    if (c != null && c.usable(deadline)) {
      return c;
    }
    drop();
    try {
      c = H2Connection.open(socketPath, deadline);
    } catch (IOException e) {
      throw failure(e, timeoutNanos, "cannot connect: ");
    } catch (RuntimeException e) { // a path the JDK refuses, say
      throw new GrpcException("UNAVAILABLE", "cannot connect: " + e.getMessage(), e);
    }
    connection = c;
    if (closed) { // close() ran meanwhile and may have missed it
      drop();
      throw new GrpcException("UNAVAILABLE", "channel closed");
    }
    return c;
  }

  private GrpcException failure(IOException e, long timeoutNanos, String prefix) {
    if (e instanceof SocketTimeoutException) {
      return new GrpcException("DEADLINE_EXCEEDED", "no answer within " + timeoutNanos / 1_000_000 + " ms", e);
    }
    if (e instanceof InterruptedIOException || e instanceof ClosedByInterruptException) {
      return new GrpcException("CANCELLED", "interrupted", e);
    }
    if (closed && e instanceof ClosedChannelException) {
      return new GrpcException("UNAVAILABLE", "channel closed", e);
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof EOFException) {
      return new GrpcException("UNAVAILABLE", reason, e);
    }
    return new GrpcException("UNAVAILABLE", prefix + reason, e);
  }

  private void drop() {
    H2Connection c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
  }

  /** Closes the connection, if any; a call in progress in another thread then fails. */
  @Override
  public void close() {
    closed = true;
    drop();
  }
}
