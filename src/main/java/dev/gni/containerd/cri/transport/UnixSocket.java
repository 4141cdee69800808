package dev.gni.containerd.cri.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A unix domain stream socket whose connect, reads and writes all end by a deadline: the channel is
 * non-blocking and waits on its own {@link Selector}, so no thread or timer is involved. Deadlines are
 * {@link System#nanoTime()} values; a wait past one throws {@link SocketTimeoutException}.
 * {@link #close()} may be called from another thread and ends a wait at once.
 */
final class UnixSocket implements Closeable {
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;

  private UnixSocket(SocketChannel channel, Selector selector) throws IOException {
    this.channel = channel;
    this.selector = selector;
    this.key = channel.register(selector, 0);
  }

  /** Connects to the socket file at {@code path}; a missing file or a refused connection fails at once. */
  static UnixSocket connect(String path, long deadline) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector selector = null;
    try {
      channel.configureBlocking(false);
      selector = Selector.open();
      UnixSocket socket = new UnixSocket(channel, selector);
      if (!channel.connect(UnixDomainSocketAddress.of(path))) {
        while (!channel.finishConnect()) {
          socket.await(SelectionKey.OP_CONNECT, deadline);
        }
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      closeQuietly(selector);
      closeQuietly(channel);
      throw e;
    }
  }

  /** Reads at least one byte into {@code dst} (which must have room); @return the count, or -1 at end of stream */
  int read(ByteBuffer dst, long deadline) throws IOException {
    while (true) {
      int n = channel.read(dst);
      if (n != 0) {
        return n;
      }
      await(SelectionKey.OP_READ, deadline);
    }
  }

  /** Reads what is there without waiting; @return the count (maybe 0), or -1 at end of stream */
  int readNow(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  /** Writes all of {@code src}. */
  void write(ByteBuffer src, long deadline) throws IOException {
    while (src.hasRemaining()) {
      if (channel.write(src) == 0) {
        await(SelectionKey.OP_WRITE, deadline);
      }
    }
  }

  private void await(int op, long deadline) throws IOException {
    try {
      key.interestOps(op);
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("deadline reached");
        }
        // select(0) would wait forever: round up to at least 1 ms
        int ready = selector.select(Math.max(1, (left + 999_999) / 1_000_000));
        selector.selectedKeys().clear();
        if (ready > 0) {
          return;
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted");
        }
        if (!selector.isOpen()) {
          throw new AsynchronousCloseException();
        }
      }
    } catch (ClosedSelectorException | CancelledKeyException e) {
      throw new AsynchronousCloseException();
    }
  }

  @Override
  public void close() {
    closeQuietly(selector);
    closeQuietly(channel);
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
