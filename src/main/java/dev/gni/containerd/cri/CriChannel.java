package dev.gni.containerd.cri;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel to a unix domain socket (containerd's CRI endpoint), with its own single daemon
 * event-loop thread. {@link #close()} shuts both down, so nothing keeps the JVM alive.
 */
final class CriChannel implements AutoCloseable {
  private final EventLoopGroup group;
  private final ManagedChannel channel;

  private CriChannel(EventLoopGroup group, ManagedChannel channel) {
    this.group = group;
    this.channel = channel;
  }

  static CriChannel open(String socketPath) {
    if (!Epoll.isAvailable()) {
      throw new CriException("cannot use unix sockets: netty epoll is unavailable: " + Epoll.unavailabilityCause());
    }
    EventLoopGroup group = new EpollEventLoopGroup(1, new DefaultThreadFactory("gni-cri", true));
    try {
      ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socketPath))
          .eventLoopGroup(group)
          .channelType(EpollDomainSocketChannel.class)
          .overrideAuthority("localhost")
          .usePlaintext()
          .directExecutor()
          .maxInboundMessageSize(16 * 1024 * 1024)
          .build();
      return new CriChannel(group, channel);
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
    }
  }
}
