/**
 * A small gRPC client for unary calls over HTTP/2 cleartext on a unix domain socket, for containerd's CRI
 * endpoint, on the JDK alone: {@link dev.gni.containerd.cri.transport.GrpcChannel} is the entry point.
 * Inside: UnixSocket (deadline-bounded non-blocking I/O), FrameIo (RFC 9113 frames), HpackEncoder,
 * HpackDecoder and Huffman (RFC 7541), H2Connection and H2Stream (RFC 9113 connection and stream state,
 * flow control), GrpcCall (the gRPC over HTTP/2 mapping). No threads are started.
 */
package dev.gni.containerd.cri.transport;
