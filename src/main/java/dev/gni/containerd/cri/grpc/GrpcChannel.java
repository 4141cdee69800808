package dev.gni.containerd.cri.grpc;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Unary gRPC calls over HTTP/2 cleartext on a unix socket, with Jetty's HTTP/2 client: Jetty does HTTP/2
 * (frames, HPACK, flow control); this class adds gRPC's part (the request headers, the 5-byte message
 * prefix, the status in the trailers). Creating the channel does no I/O and starts no thread: the first call
 * starts the client (daemon threads named {@code gni-cri}) and connects; later calls reuse the connection; a
 * call after it closed (containerd restarted, say) connects anew. Each call ends by its deadline, connect
 * included. Calls are serialized; {@link #close()} waits for a call in progress (each ends by its deadline).
 */
public final class GrpcChannel implements AutoCloseable {
  /** The largest reply message taken. */
  public static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;
  private static final String THREADS = "gni-cri";

  private final Path socket;
  private final ThreadGroup threads = new ThreadGroup(THREADS);
  private ExecutorService executor;
  private HTTP2Client client;
  private Session session;
  private boolean closed;

  public GrpcChannel(String socketPath) {
    this.socket = Path.of(socketPath);
  }

  /**
   * Calls {@code path} ("/package.Service/Method") with the encoded request message.
   * @return the encoded reply message
   * @throws GrpcException on any failure; DEADLINE_EXCEEDED when {@code timeout} passed first
   */
  public synchronized byte[] unaryCall(String path, byte[] request, Duration timeout) {
    long deadline = System.nanoTime() + Math.max(1_000_000L, timeout.toNanos());
    Session s = session(deadline, timeout);
    HttpFields.Mutable headers = HttpFields.build()
        .put("content-type", "application/grpc")
        .put("te", "trailers")
        // rounded up, so that the server's deadline is never before ours
        .put("grpc-timeout", Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000) + "m");
    MetaData.Request meta = new MetaData.Request("POST", HttpURI.from("http://localhost" + path),
        HttpVersion.HTTP_2, headers);
    UnaryCall call = new UnaryCall(MAX_REPLY_BYTES);
    Stream stream = null;
    try {
      stream = s.newStream(new HeadersFrame(meta, null, false), call).get(remaining(deadline), TimeUnit.NANOSECONDS);
      stream.data(new DataFrame(stream.getId(), UnaryCall.frame(request), true), Callback.NOOP);
      return call.reply.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (stream != null) {
        stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
      }
      throw deadlineExceeded(timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GrpcException g) {
        if (g.code().equals("CANCELLED") && remaining(deadline) <= 1) {
          // the server enforces our grpc-timeout by cancelling the stream at it
          throw deadlineExceeded(timeout, g);
        }
        if (g.code().equals("UNAVAILABLE")) {
          drop(); // the connection failed under the call: the next call connects anew
        }
        throw g;
      }
      drop();
      throw unavailable("", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GrpcException("CANCELLED", "interrupted", e);
    }
  }

  /** The open session, or a new one (and the client, on the first call). */
  private Session session(long deadline, Duration timeout) {
    if (closed) {
      throw new GrpcException("UNAVAILABLE", "channel closed");
    }
    if (session != null && !session.isClosed()) {
      return session;
    }
    drop();
    try {
      if (client == null) {
        client = startClient();
      }
      session = client.connect(new Transport.TCPUnix(socket), null, UnixDomainSocketAddress.of(socket),
          new Session.Listener() {}).get(remaining(deadline), TimeUnit.NANOSECONDS);
      return session;
    } catch (TimeoutException e) {
      throw deadlineExceeded(timeout, e);
    } catch (ExecutionException e) {
      throw unavailable("cannot connect: ", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GrpcException("CANCELLED", "interrupted", e);
    } catch (Exception e) { // starting the client, or a path the JDK refuses
      throw unavailable("cannot connect: ", e);
    }
  }

  /** Jetty's client on a selector thread, a cached pool and a scheduler, all daemons in one thread group. */
  private HTTP2Client startClient() throws Exception {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(threads, r, THREADS + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ClientConnector connector = new ClientConnector() {
      @Override
      protected SslContextFactory.Client newSslContextFactory() {
        return null; // cleartext on a local socket: not loading the JDK's TLS stack halves the client's start-up
      }
    };
    // A plain executor rather than Jetty's QueuedThreadPool: that one's queue reads the JVM's options over JMX
    // when first loaded (MemoryUtils), which made the first call 0.5-4 s slower (docs/performance.md).
    connector.setExecutor(executor);
    connector.setScheduler(new ScheduledExecutorScheduler(THREADS + "-scheduler", true, null, threads));
    connector.setSelectors(1);
    HTTP2Client c = new HTTP2Client(connector);
    c.setMaxResponseHeadersSize(64 * 1024);
    c.start();
    return c;
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static GrpcException deadlineExceeded(Duration timeout, Throwable cause) {
    return new GrpcException("DEADLINE_EXCEEDED", "no answer within " + timeout.toMillis() + " ms", cause);
  }

  private static GrpcException unavailable(String prefix, Throwable cause) {
    String reason = cause == null ? "" : cause.getMessage() == null ? cause.getClass().getSimpleName()
        : cause.getMessage().replace('\n', ' ');
    return new GrpcException("UNAVAILABLE", prefix + reason, cause);
  }

  private void drop() {
    if (session != null) {
      session.close(ErrorCode.NO_ERROR.code, null, Callback.NOOP);
      session = null;
    }
  }

  /** Closes the connection and stops the client's threads (waiting up to 2 s for them to end). */
  @Override
  public synchronized void close() {
    closed = true;
    drop();
    if (client == null) {
      return;
    }
    try {
      client.stop();
    } catch (Exception e) {
      // best effort: the threads are daemons, and are interrupted below
    }
    client = null;
    executor.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    Thread[] left = new Thread[threads.activeCount() + 4];
    for (int i = threads.enumerate(left) - 1; i >= 0; i--) {
      try {
        left[i].join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
