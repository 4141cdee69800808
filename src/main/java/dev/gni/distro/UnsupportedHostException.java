package dev.gni.distro;

/** The distribution or OS cannot be supported by editing files; the message says what to do instead. */
public final class UnsupportedHostException extends RuntimeException {
  public UnsupportedHostException(String message) {
    super(message);
  }
}
