package dev.gni.flow;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;

/**
 * Saves a host root (without what containerd owns) and puts it back in place. Putting back keeps every
 * directory that exists in the saved copy (a running containerd has some of them bind-mounted) and
 * hard-links the files: safe because the installer never writes a file in place (temp file and rename).
 */
final class HostCopies {
  private HostCopies() {
  }

  static void save(Path host, Path copy, Collection<String> skip) throws IOException {
    Files.walkFileTree(host, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
        if (skip.contains(host.relativize(dir).toString())) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Path t = copy.resolve(host.relativize(dir).toString());
        Files.createDirectories(t);
        Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
        if (!skip.contains(host.relativize(p).toString()) && (a.isRegularFile() || a.isSymbolicLink())) {
          Files.copy(p, copy.resolve(host.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES,
              LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void restore(Path host, Path copy, Collection<String> skip) throws IOException {
    Files.walkFileTree(host, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
        return skip.contains(host.relativize(dir).toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
        if (!skip.contains(host.relativize(p).toString())) {
          Files.delete(p);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Path saved = copy.resolve(host.relativize(dir).toString());
        if (!Files.isDirectory(saved, LinkOption.NOFOLLOW_LINKS)) {
          try (var s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
              Files.delete(dir);
            }
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    Files.walkFileTree(copy, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
        Path t = host.resolve(copy.relativize(dir).toString());
        Files.createDirectories(t);
        Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
        Path t = host.resolve(copy.relativize(p).toString());
        if (a.isSymbolicLink()) {
          Files.createSymbolicLink(t, Files.readSymbolicLink(p));
        } else {
          Files.createLink(t, p);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
