/**
 * CRI over containerd's unix socket, without generated code: {@link dev.gni.containerd.cri.CriClient}
 * speaks the few {@code runtime.v1.RuntimeService} calls the installer needs, with messages encoded by hand
 * (field numbers from k8s.io/cri-api/pkg/apis/runtime/v1/api.proto) by {@code ProtoWriter} and
 * {@code ProtoReader}, over the JDK-only gRPC transport of {@link dev.gni.containerd.cri.transport}. On top of it:
 * {@link dev.gni.containerd.cri.CriLiveCheck} (what containerd has really loaded),
 * {@link dev.gni.containerd.cri.CriCanary} (a throw-away pod sandbox with a handler) and
 * {@link dev.gni.containerd.cri.SocketWaiter} (wait for the socket after a restart).
 */
package dev.gni.containerd.cri;
