package dev.gni.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The host's root filesystem as mounted into the installer (for example {@code /host}).
 *
 * <p>Every host path goes through {@link #resolve(String)}: it is interpreted the way a process on the
 * host would see it (absolute symlinks point into the host root, as under chroot), and a path that would
 * climb above the host root, by {@code ..} or through a symlink, is refused with
 * {@link HostPathEscapeException}. No other class turns a host path into a local one.
 */
public final class HostRoot {
  private static final int MAX_LINKS = 40;
  private final Path root;

  public HostRoot(Path root) {
    try {
      this.root = root.toAbsolutePath().normalize().toRealPath();
    } catch (IOException e) {
      throw new HostAccessException("host root " + root + " is not accessible: " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  /** Resolves an absolute host path (e.g. {@code /etc/containerd/config.toml}) under the host root. */
  public Path resolve(String hostPath) {
    if (hostPath == null || !hostPath.startsWith("/")) {
      throw new IllegalArgumentException("host path must be absolute: " + hostPath);
    }
    Deque<String> pending = new ArrayDeque<>();
    pushComponents(pending, hostPath);
    Deque<String> resolved = new ArrayDeque<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (resolved.isEmpty()) {
          throw new HostPathEscapeException(hostPath, "'..' climbs above the host root");
        }
        resolved.removeLast();
        continue;
      }
      Path candidate = toLocal(resolved).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new HostPathEscapeException(hostPath, "too many levels of symbolic links");
        }
        String target = readLink(candidate);
        if (target.startsWith("/")) {
          resolved.clear();
        } else if (climbsAbove(resolved.size(), target)) {
          throw new HostPathEscapeException(hostPath,
              "symlink " + toHost(resolved, part) + " -> " + target + " leads outside the host root");
        }
        pushComponents(pending, target);
        continue;
      }
      resolved.addLast(part);
    }
    return toLocal(resolved);
  }

  /** The host path that a local path under the root stands for; the inverse of {@link #resolve}. */
  public String toHostPath(Path local) {
    Path normalized = local.toAbsolutePath().normalize();
    if (!normalized.startsWith(root)) {
      throw new HostPathEscapeException(local.toString(), "is not under the host root " + root);
    }
    String rel = root.relativize(normalized).toString();
    return rel.isEmpty() ? "/" : "/" + rel;
  }

  private static boolean climbsAbove(int depth, String relativeTarget) {
    int level = depth;
    for (String p : relativeTarget.split("/")) {
      if (p.equals("..")) {
        if (--level < 0) {
          return true;
        }
      } else if (!p.isEmpty() && !p.equals(".")) {
        level++;
      }
    }
    return false;
  }

  private static void pushComponents(Deque<String> pending, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      pending.push(parts[i]);
    }
  }

  private Path toLocal(Deque<String> parts) {
    Path p = root;
    for (String s : parts) {
      p = p.resolve(s);
    }
    return p;
  }

  private static String toHost(Deque<String> parts, String last) {
    StringBuilder sb = new StringBuilder();
    for (String s : parts) {
      sb.append('/').append(s);
    }
    return sb.append('/').append(last).toString();
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new HostAccessException("cannot read symlink " + link + ": " + e.getMessage(), e);
    }
  }

  /** True if the local path exists without following a final symlink. */
  public static boolean existsNoFollow(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
