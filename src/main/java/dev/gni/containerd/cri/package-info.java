/**
 * CRI over containerd's unix socket. {@link dev.gni.containerd.cri.CriClient} speaks the few
 * {@code runtime.v1.RuntimeService} calls the installer needs, with messages that protoc generates at build time
 * from {@code src/main/proto/cri_runtime_v1.proto} (package {@code dev.gni.containerd.cri.v1}, field numbers from
 * k8s.io/cri-api), over {@link dev.gni.containerd.cri.grpc.GrpcChannel} (Jetty's HTTP/2 client with gRPC's
 * framing on top). On top of it: {@link dev.gni.containerd.cri.CriLiveCheck} (what containerd has really loaded),
 * {@link dev.gni.containerd.cri.CriCanary} (a throw-away pod sandbox with a handler) and
 * {@link dev.gni.containerd.cri.SocketWaiter} (wait for the socket after a restart).
 */
package dev.gni.containerd.cri;
