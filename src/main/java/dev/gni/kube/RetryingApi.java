package dev.gni.kube;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one API call with bounded retries: 429, 409, 5xx, connection failures and timeouts are retried with
 * {@link RetryPolicy} backoff; anything else, or the last failure, becomes a one-line {@link KubeApiException}.
 * Every HTTP call is counted in the {@link ApiCallCounter} under its operation.
 */
final class RetryingApi {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingApi.class);

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final ApiCallCounter counter;
  private final String nodeName;

  RetryingApi(RetryPolicy policy, Sleeper sleeper, ApiCallCounter counter, String nodeName) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.counter = counter;
    this.nodeName = nodeName;
  }

  <T> T call(String operation, ApiAction action, String target, Supplier<T> call) {
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      counter.record(operation);
      try {
        return call.get();
      } catch (KubeApiException e) {
        throw e;
      } catch (RuntimeException e) {
        ApiFailure failure = ApiFailure.of(e);
        Duration wait = policy.waitBefore(attempt + 1);
        boolean again = failure.retryable() && attempt < policy.attempts()
            && waited.plus(wait).compareTo(policy.budget()) <= 0;
        if (!again) {
          throw new KubeApiException(failure.message(action, nodeName, target, attempt), e);
        }
        LOG.info("{} {}: {} (attempt {}/{}), retrying in {} ms", action.verb(), target,
            failure.message(action, nodeName, target, attempt), attempt, policy.attempts(), wait.toMillis());
        sleep(wait, action, target);
        waited = waited.plus(wait);
      }
    }
  }

  private void sleep(Duration wait, ApiAction action, String target) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubeApiException(action.verb() + " " + target + " interrupted while waiting to retry", e);
    }
  }
}
