/**
 * Unary gRPC calls on a unix domain socket, for containerd's CRI endpoint: Jetty's HTTP/2 client does HTTP/2
 * (frames, HPACK, flow control, the connection); {@link dev.gni.containerd.cri.grpc.GrpcChannel} adds what gRPC
 * puts on top of it (request headers, the 5-byte message prefix, {@code grpc-status} and {@code grpc-message} in
 * the trailers, {@code grpc-timeout}). Messages stay bytes here: the protobuf classes are generated from
 * {@code src/main/proto} (package {@code dev.gni.containerd.cri.v1}).
 */
package dev.gni.containerd.cri.grpc;
