package dev.gni.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** {@link HostFiles} on the local filesystem under a {@link HostRoot}. */
public final class LocalHostFiles implements HostFiles {
  private final HostRoot root;
  private final Checkpoints checkpoints;

  public LocalHostFiles(HostRoot root) {
    this(root, Checkpoints.NONE);
  }

  public LocalHostFiles(HostRoot root, Checkpoints checkpoints) {
    this.root = root;
    this.checkpoints = checkpoints;
  }

  @Override
  public HostRoot root() {
    return root;
  }

  @Override
  public Optional<byte[]> read(String hostPath) {
    Path p = root.resolve(hostPath);
    try {
      if (Files.isDirectory(p)) {
        throw new HostAccessException(hostPath + " is a directory, not a file");
      }
      return Optional.of(Files.readAllBytes(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new HostAccessException("cannot read " + hostPath + ": " + e.getMessage(), e);
    }
  }

  /** Resolves the parent under the root, not the last component: a symlink there has no fingerprint. */
  @Override
  public Optional<FileFingerprint> fingerprint(String hostPath) {
    return FileFingerprint.of(resolveParent(hostPath));
  }

  @Override
  public boolean exists(String hostPath) {
    return Files.exists(root.resolve(hostPath), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public boolean isDirectory(String hostPath) {
    return Files.isDirectory(root.resolve(hostPath));
  }

  @Override
  public boolean isSymlink(String hostPath) {
    return Files.isSymbolicLink(resolveParent(hostPath));
  }

  @Override
  public Optional<String> readLink(String hostPath) {
    Path p = resolveParent(hostPath);
    if (!Files.isSymbolicLink(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readSymbolicLink(p).toString());
    } catch (IOException e) {
      throw new HostAccessException("cannot read symlink " + hostPath + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String linkTarget(String hostPath) {
    return root.toHostPath(root.resolve(hostPath));
  }

  @Override
  public List<String> list(String hostDir) {
    Path dir = root.resolve(hostDir);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      s.forEach(p -> names.add(p.getFileName().toString()));
      names.sort(Comparator.naturalOrder());
      return names;
    } catch (IOException e) {
      throw new HostAccessException("cannot list " + hostDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writeAtomic(String hostPath, byte[] data, int mode) {
    writeVia(hostPath, mode, ch -> {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    });
  }

  @Override
  public void copyInAtomic(Path localSource, String hostPath, int mode) {
    writeVia(hostPath, mode, ch -> { // transferTo: the kernel copies (sendfile), no user-space buffer
      try (FileChannel in = FileChannel.open(localSource, StandardOpenOption.READ)) {
        long size = in.size();
        for (long done = 0; done < size; ) {
          long n = in.transferTo(done, size - done, ch);
          if (n <= 0) {
            throw new IOException("source " + localSource + " shrank while it was copied");
          }
          done += n;
        }
      }
    });
  }

  private interface ChannelWriter {
    void write(FileChannel ch) throws IOException;
  }

  /** Temp file beside the target, written, fsynced, given its mode, then renamed over the target. */
  private void writeVia(String hostPath, int mode, ChannelWriter writer) {
    Path target = resolveParent(hostPath);
    Path tmp = tempBeside(target);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writer.write(ch);
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, permissions(mode));
      commit(tmp, target, hostPath);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw translate("write", hostPath, e);
    }
  }

  @Override
  public void symlinkAtomic(String hostPath, String target) {
    Path link = resolveParent(hostPath);
    Path tmp = tempBeside(link);
    try {
      Files.createSymbolicLink(tmp, Path.of(target));
      commit(tmp, link, hostPath);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw translate("link", hostPath, e);
    }
  }

  @Override
  public void mkdirs(String hostDir) {
    try {
      Files.createDirectories(root.resolve(hostDir));
    } catch (IOException e) {
      throw translate("create directory", hostDir, e);
    }
  }

  @Override
  public void delete(String hostPath) {
    Path p = resolveParent(hostPath);
    try {
      if (Files.deleteIfExists(p)) {
        fsyncDir(p.getParent());
        checkpoints.reach("deleted " + hostPath);
      }
    } catch (DirectoryNotEmptyException e) {
      throw new HostAccessException("cannot delete " + hostPath + ": directory not empty", e);
    } catch (IOException e) {
      throw translate("delete", hostPath, e);
    }
  }

  @Override
  public void deleteTree(String hostDir) {
    Path dir = resolveParent(hostDir);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      fsyncDir(dir.getParent());
      checkpoints.reach("deleted " + hostDir);
    } catch (IOException e) {
      throw translate("delete", hostDir, e);
    }
  }

  @Override
  public void checkWritable(String hostDir) {
    Path dir = root.resolve(hostDir);
    while (!Files.exists(dir) && dir.startsWith(root.root()) && !dir.equals(root.root())) {
      dir = dir.getParent();
    }
    Path probe = dir.resolve(".gni-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createFile(probe);
      Files.delete(probe);
    } catch (IOException e) {
      throw translate("write in", root.toHostPath(dir), e);
    }
  }

  /** Resolves the parent directory under the root but keeps the last component as is (no final-link follow). */
  private Path resolveParent(String hostPath) {
    int slash = hostPath.lastIndexOf('/');
    String parent = slash <= 0 ? "/" : hostPath.substring(0, slash);
    String name = hostPath.substring(slash + 1);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new HostPathEscapeException(hostPath, "does not name a file");
    }
    return root.resolve(parent).resolve(name);
  }

  private void commit(Path tmp, Path target, String hostPath) throws IOException {
    checkpoints.reach("before rename " + hostPath);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDir(target.getParent());
    removeStaleTemps(target);
    checkpoints.reach("after rename " + hostPath);
  }

  /** Temp files of this target left by a run that stopped between writing and renaming (they never replaced it). */
  private static void removeStaleTemps(Path target) throws IOException {
    String prefix = "." + target.getFileName() + ".gni-tmp-";
    try (Stream<Path> s = Files.list(target.getParent())) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path tempBeside(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".gni-tmp-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  private static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: the temp file is named so that it is recognisable
    }
  }

  private HostAccessException translate(String verb, String hostPath, IOException e) {
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
    if (reason.contains("Read-only file system")) {
      return new ReadOnlyHostException("cannot " + verb + " " + hostPath + ": the host filesystem is read-only", e);
    }
    if (e instanceof AccessDeniedException) {
      return new HostAccessException("cannot " + verb + " " + hostPath + ": permission denied", e);
    }
    return new HostAccessException("cannot " + verb + " " + hostPath + ": " + reason, e);
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }
}
