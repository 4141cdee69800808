package dev.gni.flow;

/** The change failed and restoring the previous config failed too; the message says where the backup is. */
public final class RollbackFailedException extends RuntimeException {
  public RollbackFailedException(String message) {
    super(message);
  }
}
