package dev.gni.containerd.cri;

/**
 * CRI {@code VersionResponse}: which runtime answers on the socket.
 *
 * @param runtimeName       e.g. {@code containerd}
 * @param runtimeVersion    e.g. {@code 1.7.24~ds1} or {@code v2.1.9}
 * @param runtimeApiVersion e.g. {@code v1}
 */
public record RuntimeVersion(String runtimeName, String runtimeVersion, String runtimeApiVersion) {
}
