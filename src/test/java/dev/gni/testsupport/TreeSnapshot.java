package dev.gni.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every file, directory and symlink under a folder with its content hash, mode, mtime and link target:
 * two equal snapshots mean the tree is byte-identical and untouched.
 */
public final class TreeSnapshot {
  private TreeSnapshot() {
  }

  public static Map<String, String> of(Path root) throws IOException {
    return of(root, true);
  }

  /** Asserts two snapshots are equal, listing only the entries that differ. */
  public static void assertSame(Map<String, String> expected, Map<String, String> actual, String what) {
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    StringBuilder diff = new StringBuilder();
    for (String k : keys) {
      if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
        diff.append("\n  ").append(k).append(": ").append(expected.get(k)).append(" -> ").append(actual.get(k));
      }
    }
    if (diff.length() > 0) {
      throw new AssertionError(what + ":" + diff);
    }
  }

  /** Without mtimes: the same content, links and modes, whether or not files were rewritten. */
  public static Map<String, String> content(Path root) throws IOException {
    return of(root, false);
  }

  /** Like {@link #content(Path)}, skipping these relative paths and everything under them. */
  public static Map<String, String> content(Path root, java.util.Collection<String> skip) throws IOException {
    return of(root, false, skip);
  }

  private static Map<String, String> of(Path root, boolean mtimes) throws IOException {
    return of(root, mtimes, java.util.List.of());
  }

  private static Map<String, String> of(Path root, boolean mtimes, java.util.Collection<String> skip)
      throws IOException {
    Map<String, String> m = new TreeMap<>();
    Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a)
          throws IOException {
        String rel = root.relativize(dir).toString();
        if (skip.contains(rel)) {
          return java.nio.file.FileVisitResult.SKIP_SUBTREE;
        }
        m.put(rel, "dir " + Files.getPosixFilePermissions(dir));
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a)
          throws IOException {
        String rel = root.relativize(p).toString();
        if (skip.contains(rel)) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        if (a.isSymbolicLink()) {
          m.put(rel, "link->" + Files.readSymbolicLink(p));
        } else if (!a.isRegularFile()) {
          m.put(rel, "special " + Files.getPosixFilePermissions(p)); // a socket or FIFO: nothing to read
        } else {
          m.put(rel, "file " + Files.getPosixFilePermissions(p) + " "
              + (mtimes ? Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() : 0) + " "
              + sha256(p));
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    return m;
  }

  private static String sha256(Path p) throws IOException {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
