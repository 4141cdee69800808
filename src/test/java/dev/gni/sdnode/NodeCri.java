package dev.gni.sdnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.gni.testsupport.RawBytes;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: what the node's running containerd has loaded, asked over CRI by grpc-java with hand-decoded
 * messages (no code shared with the installer's CRI client): verbose {@code runtime.v1.RuntimeService/Status},
 * whose {@code info["config"]} is the CRI plugin's live config. Reached from this machine through
 * /proc/PID1/root (the socket lives in the node's /run).
 */
final class NodeCri {
  private NodeCri() {
  }

  /** Runtime handler name to runtime_type, as the RUNNING containerd has them. */
  static Map<String, String> runtimes(SystemdNode node) {
    JsonNode rt = config(node.criSocket()).path("containerd").path("runtimes");
    Map<String, String> out = new TreeMap<>();
    rt.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("runtimeType").asText()));
    return out;
  }

  static boolean servesRunsc(SystemdNode node) {
    return "io.containerd.runsc.v1".equals(runtimes(node).get("runsc"));
  }

  private static JsonNode config(Path socket) {
    // StatusRequest { bool verbose = 1; }
    byte[] resp = call(socket, "Status", new byte[] {0x08, 0x01});
    try {
      return new ObjectMapper().readTree(info(resp).get("config"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a kubelet gets when it runs a pod with this runtime handler and the daemon does not know it: the error of
   * RunPodSandbox (the pod is never created then). Only for a handler that must fail: a sandbox that starts is
   * not cleaned up here.
   */
  static String runPodSandboxError(SystemdNode node, String handler) {
    try {
      ByteArrayOutputStream meta = new ByteArrayOutputStream();
      CodedOutputStream m = CodedOutputStream.newInstance(meta);
      m.writeString(1, "seed-pod"); // PodSandboxMetadata { name = 1; uid = 2; namespace = 3; }
      m.writeString(2, "seed-pod-uid");
      m.writeString(3, "default");
      m.flush();
      ByteArrayOutputStream config = new ByteArrayOutputStream();
      CodedOutputStream c = CodedOutputStream.newInstance(config);
      c.writeByteArray(1, meta.toByteArray()); // PodSandboxConfig { PodSandboxMetadata metadata = 1; }
      c.flush();
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      CodedOutputStream r = CodedOutputStream.newInstance(req);
      r.writeByteArray(1, config.toByteArray()); // RunPodSandboxRequest { config = 1; runtime_handler = 2; }
      r.writeString(2, handler);
      r.flush();
      call(node.criSocket(), "RunPodSandbox", req.toByteArray());
      throw new IllegalStateException("RunPodSandbox with handler " + handler + " succeeded");
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] call(Path socket, String method, byte[] request) {
    ManagedChannel ch = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    try {
      MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("runtime.v1.RuntimeService/" + method)
          .setRequestMarshaller(RawBytes.MARSHALLER).setResponseMarshaller(RawBytes.MARSHALLER).build();
      return ClientCalls.blockingUnaryCall(ch, md, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
    } finally {
      ch.shutdownNow();
    }
  }

  /** StatusResponse { RuntimeStatus status = 1; map<string, string> info = 2; }: the info map. */
  private static Map<String, String> info(byte[] resp) throws IOException {
    Map<String, String> info = new TreeMap<>();
    CodedInputStream in = CodedInputStream.newInstance(resp);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 2) {
        in.skipField(tag);
        continue;
      }
      CodedInputStream entry = CodedInputStream.newInstance(in.readByteArray());
      String key = "";
      String value = "";
      for (int t = entry.readTag(); t != 0; t = entry.readTag()) {
        switch (WireFormat.getTagFieldNumber(t)) {
          case 1 -> key = entry.readString();
          case 2 -> value = entry.readString();
          default -> entry.skipField(t);
        }
      }
      info.put(key, value);
    }
    if (!info.containsKey("config")) {
      throw new IllegalStateException("verbose Status has no info[\"config\"]: " + info.keySet());
    }
    return info;
  }
}
