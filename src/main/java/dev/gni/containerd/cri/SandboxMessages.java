package dev.gni.containerd.cri;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written encoding of the CRI pod sandbox messages the canary needs. Field numbers are those of
 * k8s.io/cri-api/pkg/apis/runtime/v1/api.proto (package runtime.v1).
 */
final class SandboxMessages {
  /** NamespaceMode NODE = 2 (POD = 0, CONTAINER = 1, TARGET = 3). */
  private static final int NAMESPACE_MODE_NODE = 2;

  private SandboxMessages() {
  }

  /** RunPodSandboxRequest { PodSandboxConfig config = 1; string runtime_handler = 2; } */
  static byte[] runRequest(SandboxSpec spec, String handler) {
    return new ProtoWriter().message(1, podSandboxConfig(spec)).string(2, handler).bytes();
  }

  /**
   * PodSandboxConfig { PodSandboxMetadata metadata = 1; string hostname = 2; string log_directory = 3;
   * map&lt;string,string&gt; labels = 6; LinuxPodSandboxConfig linux = 8; }
   */
  private static byte[] podSandboxConfig(SandboxSpec spec) {
    // PodSandboxMetadata { string name = 1; string uid = 2; string namespace = 3; uint32 attempt = 4; }
    byte[] metadata = new ProtoWriter().string(1, spec.name()).string(2, spec.uid()).string(3, spec.namespace())
        .varint(4, spec.attempt()).bytes();
    // NamespaceOption { NamespaceMode network = 1; NamespaceMode pid = 2; NamespaceMode ipc = 3; }
    byte[] namespaces = new ProtoWriter().varint(1, spec.hostNetwork() ? NAMESPACE_MODE_NODE : 0).bytes();
    // LinuxSandboxSecurityContext { NamespaceOption namespace_options = 1; }
    byte[] securityContext = new ProtoWriter().message(1, namespaces).bytes();
    // LinuxPodSandboxConfig { string cgroup_parent = 1; LinuxSandboxSecurityContext security_context = 2; }
    byte[] linux = new ProtoWriter().message(2, securityContext).bytes();
    ProtoWriter w = new ProtoWriter().message(1, metadata).string(2, spec.hostNetwork() ? "" : spec.name())
        .string(3, spec.logDirectory());
    for (Map.Entry<String, String> label : spec.labels().entrySet()) {
      w.mapEntry(6, label.getKey(), label.getValue());
    }
    return w.message(8, linux).bytes();
  }

  /** RunPodSandboxResponse { string pod_sandbox_id = 1; } */
  static String runResponse(byte[] wire) {
    String id = "";
    ProtoReader r = new ProtoReader(wire);
    while (r.next()) {
      if (r.field() == 1) {
        id = r.string();
      } else {
        r.skip();
      }
    }
    return id;
  }

  /**
   * StopPodSandboxRequest, RemovePodSandboxRequest { string pod_sandbox_id = 1; } and
   * PodSandboxStatusRequest { string pod_sandbox_id = 1; bool verbose = 2; } (not verbose).
   */
  static byte[] idRequest(String sandboxId) {
    return new ProtoWriter().string(1, sandboxId).bytes();
  }

  /** PodSandboxStatusResponse { PodSandboxStatus status = 1; } */
  static SandboxInfo statusResponse(byte[] wire) {
    SandboxInfo info = null;
    ProtoReader r = new ProtoReader(wire);
    while (r.next()) {
      if (r.field() == 1) {
        // PodSandboxStatus { id = 1; metadata = 2; state = 3; labels = 7; runtime_handler = 9; }
        info = sandbox(r.nested(), 7, 9);
      } else {
        r.skip();
      }
    }
    if (info == null) {
      throw new CriException("CRI PodSandboxStatus reply has no status");
    }
    return info;
  }

  /**
   * ListPodSandboxRequest { PodSandboxFilter filter = 1; } with
   * PodSandboxFilter { map&lt;string,string&gt; label_selector = 3; }.
   */
  static byte[] listRequest(Map<String, String> labelSelector) {
    ProtoWriter filter = new ProtoWriter();
    for (Map.Entry<String, String> label : labelSelector.entrySet()) {
      filter.mapEntry(3, label.getKey(), label.getValue());
    }
    return new ProtoWriter().message(1, filter.bytes()).bytes();
  }

  /** ListPodSandboxResponse { repeated PodSandbox items = 1; } */
  static List<SandboxInfo> listResponse(byte[] wire) {
    List<SandboxInfo> items = new ArrayList<>();
    ProtoReader r = new ProtoReader(wire);
    while (r.next()) {
      if (r.field() == 1) {
        // PodSandbox { id = 1; metadata = 2; state = 3; labels = 5; runtime_handler = 7; }
        items.add(sandbox(r.nested(), 5, 7));
      } else {
        r.skip();
      }
    }
    return List.copyOf(items);
  }

  /** PodSandboxStatus and PodSandbox share id = 1, metadata = 2, state = 3; labels and handler differ. */
  private static SandboxInfo sandbox(ProtoReader r, int labelsField, int handlerField) {
    String id = "";
    String[] metadata = {"", "", ""}; // PodSandboxMetadata { name = 1; uid = 2; namespace = 3; }
    int state = 0;
    String handler = "";
    Map<String, String> labels = new LinkedHashMap<>();
    while (r.next()) {
      int n = r.field();
      if (n == 1) {
        id = r.string();
      } else if (n == 2) {
        ProtoReader m = r.nested();
        while (m.next()) {
          if (m.field() >= 1 && m.field() <= 3) {
            metadata[m.field() - 1] = m.string();
          } else {
            m.skip();
          }
        }
      } else if (n == 3) {
        state = r.varint();
      } else if (n == labelsField) {
        r.mapEntry(labels);
      } else if (n == handlerField) {
        handler = r.string();
      } else {
        r.skip();
      }
    }
    return new SandboxInfo(id, metadata[0], metadata[1], metadata[2], SandboxInfo.state(state), handler,
        Map.copyOf(labels));
  }
}
