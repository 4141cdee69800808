package dev.gni.binaries;

/** The gVisor release folder is incomplete, tampered with, or not for this host. Nothing was installed. */
public final class ReleaseVerificationException extends RuntimeException {
  public ReleaseVerificationException(String message) {
    super(message);
  }
}
