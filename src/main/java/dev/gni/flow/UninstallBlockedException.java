package dev.gni.flow;

/** uninstall refused because pods run in gVisor on this node; nothing was changed. */
public class UninstallBlockedException extends RuntimeException {
  public UninstallBlockedException(String message) {
    super(message);
  }
}
