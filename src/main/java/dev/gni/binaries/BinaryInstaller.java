package dev.gni.binaries;

import dev.gni.host.Checkpoints;
import dev.gni.host.FileFingerprint;
import dev.gni.host.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts a verified release on the host. Each release lives in its own folder,
 * {@code /opt/gvisor-node-installer/releases/<id>/}, written file by file (temp file, fsync, rename) and
 * never modified afterwards; {@code current} is a symlink switched atomically to the new folder, and
 * {@code <install-dir>/runsc} and {@code containerd-shim-runsc-v1} link to {@code current}. So one
 * release's helpers never mix with another's runsc, no file a running shim executes is ever written to,
 * and a sandbox that is running keeps the files of its own release.
 */
public final class BinaryInstaller {
  public static final String STORE = "/opt/gvisor-node-installer";
  public static final String RELEASES = STORE + "/releases";
  public static final String CURRENT = STORE + "/current";

  private final HostFiles host;
  private final String installDir;
  private final Checkpoints checkpoints;
  private final VerifiedCopies copies;

  public BinaryInstaller(HostFiles host, String installDir, Checkpoints checkpoints) {
    this(host, installDir, checkpoints, VerifiedCopies.inMemory(host));
  }

  /** With the record of verified host copies: install adds what it writes, so a re-run need not read it again. */
  public BinaryInstaller(HostFiles host, String installDir, Checkpoints checkpoints, VerifiedCopies copies) {
    this.host = host;
    this.installDir = installDir;
    this.checkpoints = checkpoints;
    this.copies = copies;
  }

  /** The host path of a release file. */
  public static String hostPath(String releaseId, String name) {
    return RELEASES + "/" + releaseId + "/" + name;
  }

  /** The links on the host that point at the current release. */
  public List<String> linkPaths() {
    return List.of(installDir + "/" + Release.RUNSC, installDir + "/" + Release.SHIM);
  }

  /** What install would change, one line each; empty when the release is already in place. */
  public List<String> plan(Release release) {
    List<String> out = new ArrayList<>();
    String dir = RELEASES + "/" + release.id();
    for (String name : release.files().keySet()) {
      if (!onHost(release, name)) {
        out.add("write " + dir + "/" + name);
      }
    }
    if (!(dir.equals(host.readLink(CURRENT).map(t -> t.startsWith("/") ? t : STORE + "/" + t).orElse(null)))) {
      out.add("point " + CURRENT + " at releases/" + release.id());
    }
    for (String link : linkPaths()) {
      String target = CURRENT + "/" + link.substring(link.lastIndexOf('/') + 1);
      if (!target.equals(host.readLink(link).orElse(null))) {
        out.add("link " + link + " -> " + target);
      }
    }
    return out;
  }

  /** Installs the release; returns the previous link targets or files replaced, for undo (see {@link #replacedFiles}). */
  public void install(Release release, BackupStore backups) {
    String dir = RELEASES + "/" + release.id();
    host.mkdirs(dir + "/" + Release.HELPERS);
    for (var e : release.files().entrySet()) {
      String target = dir + "/" + e.getKey();
      boolean written = !onHost(release, e.getKey());
      if (written) {
        host.copyInAtomic(release.dir().resolve(e.getKey()), target, 0755);
        checkpoints.reach("after write " + target);
      }
      if (!release.hostCopies().contains(e.getKey())) {
        requireVerified(target, e.getValue(), written);
      }
    }
    if (release.files().keySet().stream().noneMatch(n -> n.startsWith(Release.HELPERS + "/"))) {
      host.delete(dir + "/" + Release.HELPERS);
    }
    host.symlinkAtomic(CURRENT, "releases/" + release.id());
    host.mkdirs(installDir);
    for (String link : linkPaths()) {
      String target = CURRENT + "/" + link.substring(link.lastIndexOf('/') + 1);
      if (target.equals(host.readLink(link).orElse(null))) {
        continue;
      }
      if (host.exists(link)) {
        backups.keepOnce(link);
      }
      host.symlinkAtomic(link, target);
    }
  }

  /**
   * Records the release's host files that hold the verified bytes but are not yet recorded (an install by an
   * older installer), so that the next run need not read them again. Each is hashed once for that; one that
   * does not match is not recorded, and the next run checks it again.
   */
  public void remember(Release release) {
    for (var e : release.files().entrySet()) {
      if (!release.hostCopies().contains(e.getKey())) {
        recordIfVerified(hostPath(release.id(), e.getKey()), e.getValue());
      }
    }
  }

  /**
   * Fails unless the host copy has the verified sha512, and records it (see {@link #recordIfVerified}). A copy
   * this run wrote that does not match is removed; either way the run stops before {@code current} points at
   * its release.
   */
  private void requireVerified(String target, String sha512, boolean written) {
    Optional<String> wrong = recordIfVerified(target, sha512);
    if (wrong.isPresent()) {
      if (written) {
        host.delete(target);
      }
      throw new ReleaseVerificationException("the copy of " + target.substring(target.lastIndexOf('/') + 1)
          + " on the host is not the verified file (sha512 " + wrong.get().substring(0, 16) + "..., expected "
          + sha512.substring(0, 16) + "...): the release folder changed during the install; nothing was switched");
    }
  }

  /**
   * Hashes the host copy and records it as verified when it has the expected sha512 and was not written while
   * it was hashed: the record vouches for what was hashed on the host, not for the release file it came from
   * (which could have changed between its own check and the copy). Returns the sha512 found when it differs.
   */
  private Optional<String> recordIfVerified(String target, String sha512) {
    Optional<FileFingerprint> before = host.fingerprint(target);
    if (before.isEmpty()) {
      return Optional.empty(); // nothing there to vouch for
    }
    String actual;
    try {
      actual = Sha512.of(host.local(target));
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot read " + target + " back to check it: " + e.getMessage());
    }
    if (!actual.equalsIgnoreCase(sha512)) {
      return Optional.of(actual);
    }
    copies.recordIfUnchanged(target, sha512, before.get());
    return Optional.empty();
  }

  /** Removes the links and the release store, restoring any file the links replaced. */
  public void uninstall(BackupStore backups) {
    for (String link : linkPaths()) {
      Optional<String> target = host.readLink(link);
      if (target.isPresent() && target.get().startsWith(STORE + "/")) {
        host.delete(link);
        backups.restoreIfKept(link);
      }
    }
    host.delete(CURRENT);
    host.deleteTree(STORE);
  }

  /** Removes release folders other than the current one that no running process executes from. */
  public List<String> pruneUnused(String currentId, RunningExecutables running) {
    List<String> removed = new ArrayList<>();
    for (String id : host.list(RELEASES)) {
      String dir = RELEASES + "/" + id;
      if (!id.equals(currentId) && !running.anyUnder(dir, host.local(dir))) {
        host.deleteTree(dir);
        copies.forgetUnder(dir);
        removed.add(dir);
      }
    }
    return removed;
  }

  /** Whether the host's file of the release already holds the verified bytes. */
  private boolean onHost(Release release, String name) {
    return release.hostCopies().contains(name) || sameFile(hostPath(release.id(), name), release.dir().resolve(name));
  }

  /**
   * Whether the host file holds exactly the bytes of the (already verified) release file. A byte comparison
   * is as strict as comparing sha512s and much cheaper than hashing the host copy (measured: bench/, docs/performance.md).
   */
  private boolean sameFile(String hostPath, Path verified) {
    if (!host.exists(hostPath) || host.isSymlink(hostPath)) {
      return false;
    }
    try {
      Path local = host.local(hostPath);
      return Files.size(local) == Files.size(verified)
          && Files.mismatch(local, verified) == -1;
    } catch (IOException e) {
      return false;
    }
  }
}
