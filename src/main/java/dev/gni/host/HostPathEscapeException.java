package dev.gni.host;

/** A host path would resolve outside the host root. */
public final class HostPathEscapeException extends HostAccessException {
  public HostPathEscapeException(String hostPath, String why) {
    super("refusing host path " + hostPath + ": " + why);
  }
}
