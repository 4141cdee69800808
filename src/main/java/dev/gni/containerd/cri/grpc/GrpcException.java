package dev.gni.containerd.cri.grpc;

/**
 * A failed gRPC call: the status code's name as in the gRPC spec ({@code UNAVAILABLE}, {@code UNIMPLEMENTED},
 * {@code DEADLINE_EXCEEDED}, ...) and a description: the server's grpc-message, or what went wrong locally.
 */
public final class GrpcException extends RuntimeException {
  private static final String[] CODES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
      "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  private final String code;
  private final String description;

  GrpcException(String code, String description, Throwable cause) {
    super(description.isEmpty() ? code : code + ": " + description, cause);
    this.code = code;
    this.description = description;
  }

  GrpcException(String code, String description) {
    this(code, description, null);
  }

  /** The status code's name, e.g. {@code UNAVAILABLE}. */
  public String code() {
    return code;
  }

  /** The server's grpc-message (percent-decoded) or the local reason; may be empty. */
  public String description() {
    return description;
  }

  /** The name of a numeric grpc-status (UNKNOWN for anything else). */
  static String codeName(String status) {
    try {
      int n = Integer.parseInt(status.trim());
      return n >= 0 && n < CODES.length ? CODES[n] : "UNKNOWN";
    } catch (NumberFormatException e) {
      return "UNKNOWN";
    }
  }
}
