package dev.gni.kube;

import dev.gni.exit.ExitCode;
import dev.gni.exit.ExitStatus;

/**
 * The Kubernetes API refused or failed a call the install flow depends on (the node label), after any
 * retries. The message is one line that says what to do; its exit code is 7.
 */
public class KubeApiException extends RuntimeException implements ExitStatus {
  public KubeApiException(String message) {
    super(message);
  }

  public KubeApiException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.KUBERNETES;
  }
}
