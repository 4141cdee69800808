package dev.gni.flow;

import dev.gni.host.HostAccessException;
import dev.gni.host.HostRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /run/gvisor-node-installer.lock} on the host: an fcntl lock, so two installers (an old and a
 * new pod during a rolling update) never interleave. The kernel drops the lock when its holder dies, so a
 * stale lock file from a dead process is simply taken over. A second installer waits, with backoff, up to
 * the timeout, then exits with a clear message.
 */
public final class HostLock implements AutoCloseable {
  public static final String PATH = "/run/gvisor-node-installer.lock";
  private static final Logger LOG = LoggerFactory.getLogger(HostLock.class);

  private final FileChannel channel;
  private final FileLock lock;

  private HostLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static HostLock acquire(HostRoot root, Duration timeout) {
    Path file = root.resolve(PATH);
    try {
      Files.createDirectories(file.getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      Instant deadline = Instant.now().plus(timeout);
      long backoff = 50;
      boolean logged = false;
      while (true) {
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          l = null;
        }
        if (l != null) {
          return new HostLock(ch, l);
        }
        if (Instant.now().isAfter(deadline)) {
          ch.close();
          throw new HostAccessException("another installer holds " + PATH + " (still after "
              + timeout.toSeconds() + "s); try again when it has finished");
        }
        if (!logged) {
          LOG.info("waiting for {}: another installer is running on this node", PATH);
          logged = true;
        }
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    } catch (IOException e) {
      throw new HostAccessException("cannot lock " + PATH + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostAccessException("interrupted while waiting for " + PATH, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the kernel releases it with the process anyway
    }
  }
}
