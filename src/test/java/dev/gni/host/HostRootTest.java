package dev.gni.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRootTest {
  @TempDir
  Path tmp;

  @Test
  void resolvesPlainPathsUnderTheRoot() throws Exception {
    HostRoot root = new HostRoot(tmp);
    assertEquals(tmp.toRealPath().resolve("etc/containerd/config.toml"), root.resolve("/etc/containerd/config.toml"));
  }

  @Test
  void absoluteSymlinksPointIntoTheHostRoot_likeChroot() throws Exception {
    Files.createDirectories(tmp.resolve("data/containerd"));
    Files.createDirectories(tmp.resolve("etc"));
    Files.createSymbolicLink(tmp.resolve("etc/containerd"), Path.of("/data/containerd"));
    HostRoot root = new HostRoot(tmp);
    assertEquals(tmp.toRealPath().resolve("data/containerd/config.toml"), root.resolve("/etc/containerd/config.toml"));
  }

  @Test
  void relativeSymlinkClimbingOutIsRefused() throws Exception {
    Files.createDirectories(tmp.resolve("etc"));
    Files.createSymbolicLink(tmp.resolve("etc/containerd"), Path.of("../../outside"));
    HostRoot root = new HostRoot(tmp);
    HostPathEscapeException e = assertThrows(HostPathEscapeException.class, () -> root.resolve("/etc/containerd/config.toml"));
    assertEquals("refusing host path /etc/containerd/config.toml: symlink /etc/containerd -> ../../outside leads outside the host root",
        e.getMessage());
  }

  @Test
  void dotDotAboveTheRootIsRefused() {
    HostRoot root = new HostRoot(tmp);
    assertThrows(HostPathEscapeException.class, () -> root.resolve("/../etc/passwd"));
  }

  @Test
  void symlinkLoopIsRefused() throws Exception {
    Files.createSymbolicLink(tmp.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(tmp.resolve("b"), Path.of("a"));
    HostRoot root = new HostRoot(tmp);
    assertThrows(HostPathEscapeException.class, () -> root.resolve("/a/x"));
  }

  @Test
  void toHostPathIsTheInverse() {
    HostRoot root = new HostRoot(tmp);
    assertEquals("/etc/x", root.toHostPath(root.resolve("/etc/x")));
  }
}
