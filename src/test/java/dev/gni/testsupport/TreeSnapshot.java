package dev.gni.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

  private static Map<String, String> of(Path root, boolean mtimes) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          m.put(rel, "link->" + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          m.put(rel, "dir " + Files.getPosixFilePermissions(p));
        } else {
          m.put(rel, "file " + Files.getPosixFilePermissions(p) + " "
              + (mtimes ? Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() : 0) + " "
              + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                  .digest(Files.readAllBytes(p))));
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }
}
