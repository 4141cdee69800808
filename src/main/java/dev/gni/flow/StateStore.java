package dev.gni.flow;

import dev.gni.binaries.BackupStore;
import dev.gni.host.HostFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The installer's own files on the host, all under {@code /var/lib/gvisor-node-installer}:
 * {@code state.json} (what install did), {@code backup/<path>.pristine} (a host file as it was before the
 * installer first changed it, kept once, never overwritten) and {@code backup/<path>.previous} (the file
 * as it was before the latest change, for roll back).
 */
public final class StateStore implements BackupStore {
  public static final String DIR = "/var/lib/gvisor-node-installer";
  public static final String STATE = DIR + "/state.json";
  public static final String BACKUP = DIR + "/backup";
  /** The release files install wrote, with the fingerprint each had when verified ({@link dev.gni.binaries.VerifiedCopies}). */
  public static final String VERIFIED_COPIES = DIR + "/verified-copies";
  /** Why containerd was deliberately not restarted although its config changed (KillMode, start limit). */
  public static final String RESTART_PENDING = DIR + "/restart-pending";

  private final HostFiles host;

  public StateStore(HostFiles host) {
    this.host = host;
  }

  public Optional<InstallState> load() {
    return host.read(STATE).map(b -> {
      try {
        return StateJson.read(b);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + STATE + ": " + e.getMessage(), e);
      }
    });
  }

  public void save(InstallState state) {
    try {
      host.mkdirs(DIR);
      host.writeAtomic(STATE, StateJson.write(state), 0600);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + STATE + ": " + e.getMessage(), e);
    }
  }

  public void clear() {
    host.delete(STATE);
  }

  public void markRestartPending(String why) {
    host.mkdirs(DIR);
    host.writeAtomic(RESTART_PENDING, (why + "\n").getBytes(StandardCharsets.UTF_8), 0600);
  }

  public void clearRestartPending() {
    if (host.exists(RESTART_PENDING)) {
      host.delete(RESTART_PENDING);
    }
  }

  public Optional<String> restartPending() {
    return host.read(RESTART_PENDING).map(b -> new String(b, StandardCharsets.UTF_8).strip());
  }

  public static String pristinePath(String hostPath) {
    return BACKUP + hostPath + ".pristine";
  }

  public static String previousPath(String hostPath) {
    return BACKUP + hostPath + ".previous";
  }

  /** Keeps the host's original once; a later install never overwrites it. */
  @Override
  public void keepOnce(String hostPath) {
    String pristine = pristinePath(hostPath);
    if (host.exists(pristine)) {
      return;
    }
    host.read(hostPath).ifPresent(bytes -> {
      host.mkdirs(pristine.substring(0, pristine.lastIndexOf('/')));
      host.writeAtomic(pristine, bytes, 0600);
    });
  }

  /** Puts the host's original back (mode 0755 for binaries is restored by the caller if needed). */
  @Override
  public void restoreIfKept(String hostPath) {
    host.read(pristinePath(hostPath)).ifPresent(bytes -> {
      host.writeAtomic(hostPath, bytes, 0755);
      host.delete(pristinePath(hostPath));
    });
  }

  public void keepPrevious(String hostPath, byte[] bytes) {
    String prev = previousPath(hostPath);
    host.mkdirs(prev.substring(0, prev.lastIndexOf('/')));
    host.writeAtomic(prev, bytes, 0600);
  }

  public Optional<byte[]> previous(String hostPath) {
    return host.read(previousPath(hostPath));
  }

  public Optional<String> pristineText(String hostPath) {
    return host.read(pristinePath(hostPath)).map(b -> new String(b, StandardCharsets.UTF_8));
  }
}
