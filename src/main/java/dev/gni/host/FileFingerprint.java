package dev.gni.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code stat} says of a regular file, the way git's index uses it: a file whose size, inode, mtime and
 * ctime (both in nanoseconds) are all unchanged has not been written since. ctime cannot be set from user
 * space, so {@code touch -r} or a copy with preserved times still changes the fingerprint.
 */
public record FileFingerprint(long size, long inode, long mtimeNs, long ctimeNs) {
  private static final String ATTRIBUTES = "unix:size,ino,lastModifiedTime,ctime";

  /** The fingerprint of a regular file (symlinks are not followed); empty when it is absent or not a regular file. */
  public static Optional<FileFingerprint> of(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(new FileFingerprint((Long) a.get("size"), (Long) a.get("ino"),
          nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime"))));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** {@code size inode mtime ctime}, as stored by {@link #parse}. */
  public String format() {
    return size + " " + inode + " " + mtimeNs + " " + ctimeNs;
  }

  public static FileFingerprint parse(String size, String inode, String mtimeNs, String ctimeNs) {
    return new FileFingerprint(Long.parseLong(size), Long.parseLong(inode), Long.parseLong(mtimeNs), Long.parseLong(ctimeNs));
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }
}
