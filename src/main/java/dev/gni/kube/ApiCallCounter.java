package dev.gni.kube;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the HTTP calls made to the API server, retries included, per reporter operation ({@code markReady},
 * {@code clearReady}, {@code event}, ...). This is what a fleet sizes its API load by: calls per node per run.
 */
public final class ApiCallCounter {
  private final Map<String, Integer> byOperation = new LinkedHashMap<>();

  synchronized void record(String operation) {
    byOperation.merge(operation, 1, Integer::sum);
  }

  public synchronized int total() {
    return byOperation.values().stream().mapToInt(Integer::intValue).sum();
  }

  public synchronized Map<String, Integer> byOperation() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(byOperation));
  }

  public synchronized void reset() {
    byOperation.clear();
  }

  @Override
  public synchronized String toString() {
    return total() + " API calls " + byOperation;
  }
}
