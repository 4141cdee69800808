package dev.gni.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** What one failed API call means: whether to retry it, and the one-line message if we give up. */
record ApiFailure(Kind kind, int code, String detail) {
  enum Kind { FORBIDDEN, NOT_FOUND, UNAUTHORIZED, RETRYABLE, TIMEOUT, REJECTED }

  static ApiFailure of(RuntimeException e) {
    int code = e instanceof KubernetesClientException k ? k.getCode() : 0;
    String detail = detail(e);
    if (code <= 0) {
      return new ApiFailure(isTimeout(e) ? Kind.TIMEOUT : connectionFailure(e) ? Kind.RETRYABLE : Kind.REJECTED,
          0, detail);
    }
    Kind kind = switch (code) {
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 -> Kind.NOT_FOUND;
      case 408, 409, 429 -> Kind.RETRYABLE;
      default -> code >= 500 ? Kind.RETRYABLE : Kind.REJECTED;
    };
    return new ApiFailure(kind, code, detail);
  }

  static ApiFailure notFound() {
    return new ApiFailure(Kind.NOT_FOUND, 404, "not found");
  }

  /** 422: the request was invalid, e.g. a JSON patch removing a key that another writer removed first. */
  boolean isInvalid() {
    return code == 422;
  }

  boolean retryable() {
    return kind == Kind.RETRYABLE || kind == Kind.TIMEOUT;
  }

  /** The one-line message for the operator, after {@code attempts} calls. */
  String message(ApiAction action, String nodeName, String target, int attempts) {
    return switch (kind) {
      case FORBIDDEN -> "forbidden: the ServiceAccount cannot " + action.verb() + " " + action.resource()
          + "; grant verb '" + action.verb() + "' on '" + action.resource() + "' (see k8s/10-rbac.yaml)";
      case NOT_FOUND -> action.resource().equals("nodes")
          ? "node " + nodeName + " not found; is NODE_NAME set from spec.nodeName?"
          : action.verb() + " " + target + " failed: not found (" + detail + ")";
      case UNAUTHORIZED -> "unauthorized: the API server rejected the installer's credentials"
          + " (ServiceAccount token or --kubeconfig) on " + action.verb() + " " + target;
      case TIMEOUT -> action.verb() + " " + target + " timed out " + attempts + " time(s); is the API server"
          + " reachable from the node? (" + detail + ")";
      case RETRYABLE -> action.verb() + " " + target + " failed after " + attempts + " attempt(s): "
          + (code <= 0 ? "" : "HTTP " + code + " ") + detail;
      case REJECTED -> action.verb() + " " + target + " rejected: " + (code <= 0 ? "" : "HTTP " + code + " ")
          + detail;
    };
  }

  private static String detail(RuntimeException e) {
    String m = null;
    if (e instanceof KubernetesClientException k && k.getStatus() != null) {
      m = k.getStatus().getMessage();
    }
    if (m == null || m.isBlank()) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
    String line = m.strip().split("\\R", 2)[0];
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.http.HttpTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  private static boolean connectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
