package dev.gni.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every file operation the installer performs on the host, by host path. Writes are atomic: a temp file
 * in the same directory, fsync, rename, fsync of the directory. Implementations resolve paths through
 * {@link HostRoot}, so nothing escapes the host root.
 */
public interface HostFiles {
  HostRoot root();

  Optional<byte[]> read(String hostPath);

  boolean exists(String hostPath);

  boolean isDirectory(String hostPath);

  boolean isSymlink(String hostPath);

  Optional<String> readLink(String hostPath);

  /**
   * The host path of the file that a path names once every symlink is followed (the path itself when no
   * symlink is on the way); a link that leads outside the host root is refused with
   * {@link HostPathEscapeException}. Writing there atomically keeps a linked file's link.
   */
  String linkTarget(String hostPath);

  List<String> list(String hostDir);

  /** Atomically replaces (or creates) the file with these bytes and POSIX mode (e.g. 0644). */
  void writeAtomic(String hostPath, byte[] data, int mode);

  /** Atomically places a copy of a local file at the host path, with the given mode. */
  void copyInAtomic(Path localSource, String hostPath, int mode);

  /** Atomically points a symlink at the target (creating or replacing it). */
  void symlinkAtomic(String hostPath, String target);

  void mkdirs(String hostDir);

  /** Deletes a file, symlink or empty directory; absent is fine. */
  void delete(String hostPath);

  /** Deletes a directory tree; absent is fine. */
  void deleteTree(String hostDir);

  /** Throws {@link ReadOnlyHostException} if a file cannot be created in this directory (or its nearest existing parent). */
  void checkWritable(String hostDir);

  /** The stat fingerprint of a regular file at the host path (not following a final symlink); empty when there is none. */
  Optional<FileFingerprint> fingerprint(String hostPath);

  /** The local path for read-only use by other components (e.g. running a tool on a file). */
  default Path local(String hostPath) {
    return root().resolve(hostPath);
  }
}
