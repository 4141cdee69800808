package dev.gni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.binaries.ReleaseVerificationException;
import org.junit.jupiter.api.Test;

class FailureTest {
  @Test
  void knownFailure_isItsOwnLine() {
    Failure f = Failure.of(new ReleaseVerificationException("checksum mismatch for runsc"));
    assertEquals(ExitCode.INVALID_INPUT, f.code());
    assertEquals("checksum mismatch for runsc", f.message());
  }

  @Test
  void unexpectedFailureWithACause_namesTheRootCause_onOneLine() {
    RuntimeException generic = new IllegalStateException("An error has occurred.",
        new RuntimeException("wrapped", new NoClassDefFoundError("com/example/Missing\nsecond line")));
    Failure f = Failure.of(generic);
    assertEquals(ExitCode.INTERNAL, f.code());
    assertEquals("An error has occurred.: java.lang.NoClassDefFoundError: com/example/Missing", f.message());
  }
}
