package dev.gni.containerd.cri;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written encoding of CRI {@code Version} and {@code Status} messages. Field numbers are those of
 * k8s.io/cri-api/pkg/apis/runtime/v1/api.proto (package runtime.v1).
 */
final class RuntimeMessages {
  /** The CRI API version this client speaks (VersionRequest.version). */
  static final String API_VERSION = "v1";

  private RuntimeMessages() {
  }

  /** VersionRequest { string version = 1; } */
  static byte[] versionRequest() {
    return new ProtoWriter().string(1, API_VERSION).bytes();
  }

  /** VersionResponse { version = 1; runtime_name = 2; runtime_version = 3; runtime_api_version = 4; } */
  static RuntimeVersion versionResponse(byte[] wire) {
    String name = "";
    String version = "";
    String apiVersion = "";
    ProtoReader r = new ProtoReader(wire);
    while (r.next()) {
      switch (r.field()) {
        case 2 -> name = r.string();
        case 3 -> version = r.string();
        case 4 -> apiVersion = r.string();
        default -> r.skip();
      }
    }
    return new RuntimeVersion(name, version, apiVersion);
  }

  /** StatusRequest { bool verbose = 1; } */
  static byte[] statusRequest(boolean verbose) {
    return new ProtoWriter().bool(1, verbose).bytes();
  }

  /**
   * StatusResponse { RuntimeStatus status = 1; map&lt;string,string&gt; info = 2;
   * repeated RuntimeHandler runtime_handlers = 3; } with RuntimeStatus { repeated RuntimeCondition conditions = 1; }
   * and RuntimeHandler { string name = 1; }.
   */
  static RuntimeStatus statusResponse(byte[] wire) {
    List<RuntimeCondition> conditions = new ArrayList<>();
    Map<String, String> info = new LinkedHashMap<>();
    List<String> handlers = new ArrayList<>();
    ProtoReader r = new ProtoReader(wire);
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          ProtoReader status = r.nested();
          while (status.next()) {
            if (status.field() == 1) {
              conditions.add(condition(status.nested()));
            } else {
              status.skip();
            }
          }
        }
        case 2 -> r.mapEntry(info);
        case 3 -> {
          ProtoReader handler = r.nested();
          while (handler.next()) {
            if (handler.field() == 1) {
              handlers.add(handler.string());
            } else {
              handler.skip();
            }
          }
        }
        default -> r.skip();
      }
    }
    return new RuntimeStatus(List.copyOf(conditions), Map.copyOf(info), List.copyOf(handlers));
  }

  /** RuntimeCondition { string type = 1; bool status = 2; string reason = 3; string message = 4; } */
  private static RuntimeCondition condition(ProtoReader r) {
    String type = "";
    boolean status = false;
    String reason = "";
    String message = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> type = r.string();
        case 2 -> status = r.bool();
        case 3 -> reason = r.string();
        case 4 -> message = r.string();
        default -> r.skip();
      }
    }
    return new RuntimeCondition(type, status, reason, message);
  }
}
