package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PreconditionsTest {
  @Test
  void missingOnADevelopersMachine_skipsWithTheReason() {
    TestAbortedException e = assertThrows(TestAbortedException.class,
        () -> Preconditions.require(false, "yamllint not installed", false));
    assertEquals("yamllint not installed", e.getMessage());
  }

  @Test
  void missingUnderCi_failsWithTheReason() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> Preconditions.require(false, "yamllint not installed", true));
    assertEquals("CI=true, so this is a failure, not a skip: yamllint not installed", e.getMessage());
  }

  @Test
  void present_passesInBothModes() {
    Preconditions.require(true, "unused", true);
    Preconditions.require(true, "unused", false);
  }
}
