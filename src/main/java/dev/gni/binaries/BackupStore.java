package dev.gni.binaries;

/** Keeps the host's own version of a file the installer replaces, once, and puts it back on uninstall. */
public interface BackupStore {
  void keepOnce(String hostPath);

  void restoreIfKept(String hostPath);
}
