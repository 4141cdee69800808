package dev.gni.containerd.cri;

/** One CRI {@code RuntimeCondition}, such as {@code RuntimeReady} or {@code NetworkReady}. */
public record RuntimeCondition(String type, boolean status, String reason, String message) {
  public static final String RUNTIME_READY = "RuntimeReady";
  public static final String NETWORK_READY = "NetworkReady";
}
