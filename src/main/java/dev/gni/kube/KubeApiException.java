package dev.gni.kube;

/**
 * The Kubernetes API refused or failed a call the install flow depends on (the node label), after any
 * retries. The message is one line that says what to do; the CLI maps this type to exit code 7.
 */
public class KubeApiException extends RuntimeException {
  public KubeApiException(String message) {
    super(message);
  }

  public KubeApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
