package dev.gni.binaries;

import dev.gni.host.FileFingerprint;
import dev.gni.host.HostAccessException;
import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The release files this installer put on the host, each with the sha512 it was verified against and its
 * {@link FileFingerprint} right after it was written; and the {@code runsc --version} of each runsc it ran.
 * A re-run whose host copy still has the recorded fingerprint knows that copy is the verified file without
 * reading it again (as git's index does), so a no-op install neither hashes 30-100 MB nor runs runsc. Any
 * change to a copy (content, mode, owner, a rename over it) changes its ctime, so the file is hashed and
 * compared again. A cache only: losing it costs one full verification, never a wrong answer.
 *
 * <p>One line per entry: {@code file <sha512> <size> <inode> <mtime ns> <ctime ns> <host path>} or
 * {@code runsc-version <sha512> <version>}.
 */
public final class VerifiedCopies {
  private final HostFiles host;
  private final String path;
  private final Map<String, String> lines = new LinkedHashMap<>();
  private boolean changed;

  private VerifiedCopies(HostFiles host, String path) {
    this.host = host;
    this.path = path;
  }

  /**
   * The cache at {@code hostPath}; empty when absent or unreadable (every file is then verified again). A
   * damaged line is ignored (that file is verified again).
   */
  public static VerifiedCopies load(HostFiles host, String hostPath) {
    VerifiedCopies c = new VerifiedCopies(host, hostPath);
    try {
      host.read(hostPath).ifPresent(b -> new String(b, StandardCharsets.UTF_8).lines().forEach(c::accept));
    } catch (HostAccessException e) {
      c.lines.clear();
    }
    c.changed = false;
    return c;
  }

  private void accept(String line) {
    String[] f = line.split(" ", 7);
    if (f.length == 7 && f[0].equals("file") && f[1].length() == 128) {
      lines.put(key("file", f[6]), line);
    } else if (f.length >= 3 && f[0].equals("runsc-version") && f[1].length() == 128) {
      lines.put(key("runsc-version", f[1]), line);
    }
  }

  /** Whether the host file is the one recorded as a verified copy of {@code sha512}, unchanged since. */
  public boolean intact(String hostPath, String sha512) {
    String line = lines.get(key("file", hostPath));
    if (line == null) {
      return false;
    }
    String[] f = line.split(" ", 7);
    try {
      FileFingerprint recorded = FileFingerprint.parse(f[2], f[3], f[4], f[5]);
      return f[1].equalsIgnoreCase(sha512) && host.fingerprint(hostPath).filter(recorded::equals).isPresent();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Records the host file as a verified copy of {@code sha512}, if its fingerprint is still {@code hashed}: the
   * one it had before its bytes were hashed and found equal to {@code sha512}. A file written since is not
   * recorded (the next run hashes it).
   */
  public void recordIfUnchanged(String hostPath, String sha512, FileFingerprint hashed) {
    host.fingerprint(hostPath).filter(hashed::equals).ifPresent(fp -> put(key("file", hostPath),
        "file " + sha512.toLowerCase() + " " + fp.format() + " " + hostPath));
  }

  public Optional<String> runscVersion(String sha512) {
    String line = lines.get(key("runsc-version", sha512.toLowerCase()));
    return line == null ? Optional.empty() : Optional.of(line.split(" ", 3)[2]);
  }

  public void recordRunscVersion(String sha512, String version) {
    if (!version.isBlank() && version.indexOf('\n') < 0) {
      put(key("runsc-version", sha512.toLowerCase()), "runsc-version " + sha512.toLowerCase() + " " + version);
    }
  }

  /** Forgets the entries under a host folder (a release folder that is being removed). */
  public void forgetUnder(String hostDir) {
    changed |= lines.keySet().removeIf(k -> k.startsWith("file\0" + hostDir + "/"));
  }

  /** A cache kept in memory only (never saved). */
  public static VerifiedCopies inMemory(HostFiles host) {
    return new VerifiedCopies(host, null);
  }

  /**
   * Writes the cache when an entry changed; a run that verified nothing new writes nothing. Returns the reason
   * when it could not be written: the run goes on (a cache only), and the next run verifies in full.
   */
  public Optional<String> saveIfChanged() {
    if (!changed || path == null) {
      return Optional.empty();
    }
    try {
      host.mkdirs(path.substring(0, path.lastIndexOf('/')));
      host.writeAtomic(path, (String.join("\n", lines.values()) + "\n").getBytes(StandardCharsets.UTF_8), 0600);
      changed = false;
      return Optional.empty();
    } catch (HostAccessException e) {
      return Optional.of(e.getMessage());
    }
  }

  private void put(String key, String line) {
    if (!line.equals(lines.put(key, line))) {
      changed = true;
    }
  }

  private static String key(String kind, String id) {
    return kind + "\0" + id;
  }
}
