package dev.gni.containerd.cri;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel to a unix domain socket (containerd's CRI endpoint), with its own single daemon
 * event-loop thread. {@link #close()} shuts both down, so nothing keeps the JVM alive.
 */
final class CriChannel implements AutoCloseable {
  private final EventLoopGroup group;
  private final ManagedChannel channel;
  private final List<Thread> threads;

  private CriChannel(EventLoopGroup group, ManagedChannel channel, List<Thread> threads) {
    this.group = group;
    this.channel = channel;
    this.threads = threads;
  }

  static CriChannel open(String socketPath) {
    if (!Epoll.isAvailable()) {
      throw new CriException("cannot use unix sockets: netty epoll is unavailable: " + Epoll.unavailabilityCause());
    }
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ThreadFactory named = new DefaultThreadFactory("gni-cri", true);
    EventLoopGroup group = new EpollEventLoopGroup(1, r -> {
      Thread t = named.newThread(r);
      threads.add(t);
      return t;
    });
    try {
      ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socketPath))
          .eventLoopGroup(group)
          .channelType(EpollDomainSocketChannel.class)
          .overrideAuthority("localhost")
          .usePlaintext()
          .directExecutor()
          .maxInboundMessageSize(16 * 1024 * 1024)
          .build();
      return new CriChannel(group, channel, threads);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
      joinThreads();
    }
  }

  /** The group's termination is signalled just before its thread ends: wait for the thread itself. */
  private void joinThreads() {
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
