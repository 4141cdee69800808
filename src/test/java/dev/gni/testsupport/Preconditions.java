package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (root, a daemon build, a tool). Missing on a developer's machine, the test
 * is skipped with the reason; under {@code CI=true} it fails, so a CI run can never pass by skipping.
 */
public final class Preconditions {
  private Preconditions() {
  }

  /** {@code CI=true}: a missing precondition is a failure. */
  public static boolean strict() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Returns when {@code present}; else skips the test, or fails it under {@code CI=true}. */
  public static void require(boolean present, String whatIsMissing) {
    require(present, whatIsMissing, strict());
  }

  /** As {@link #require(boolean, String)}, with the mode given (for tests of the callers). */
  public static void require(boolean present, String whatIsMissing, boolean strict) {
    if (present) {
      return;
    }
    if (strict) {
      fail("CI=true, so this is a failure, not a skip: " + whatIsMissing);
    }
    Assumptions.abort(whatIsMissing);
  }
}
