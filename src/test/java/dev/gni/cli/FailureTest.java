package dev.gni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.binaries.ReleaseVerificationException;
import dev.gni.config.UsageException;
import dev.gni.containerd.config.ConfigRefusedException;
import dev.gni.containerd.config.InvalidConfigException;
import dev.gni.containerd.cri.CanaryFailedException;
import dev.gni.distro.UnsupportedHostException;
import dev.gni.exit.ExitCode;
import dev.gni.flow.PreflightException;
import dev.gni.flow.RollbackFailedException;
import dev.gni.flow.RolledBackException;
import dev.gni.flow.RuntimeNotLiveException;
import dev.gni.host.HostAccessException;
import dev.gni.host.HostPathEscapeException;
import dev.gni.host.ReadOnlyHostException;
import dev.gni.kube.KubeApiException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureTest {
  /** Every failure type the installer throws on purpose, with the code docs/configuration.md gives it. */
  static Stream<Arguments> failureTypes() {
    return Stream.of(
        Arguments.of(new UsageException("bad flag"), ExitCode.USAGE),
        Arguments.of(new InvalidConfigException("not TOML"), ExitCode.INVALID_INPUT),
        Arguments.of(new ConfigRefusedException("refused"), ExitCode.INVALID_INPUT),
        Arguments.of(new ReleaseVerificationException("tampered"), ExitCode.INVALID_INPUT),
        Arguments.of(new PreflightException("not root"), ExitCode.HOST_REFUSED),
        Arguments.of(new UnsupportedHostException("Talos"), ExitCode.HOST_REFUSED),
        Arguments.of(new HostAccessException("cannot write"), ExitCode.HOST_REFUSED),
        Arguments.of(new ReadOnlyHostException("read-only", new IOException("EROFS")), ExitCode.HOST_REFUSED),
        Arguments.of(new HostPathEscapeException("/etc/../..", "escapes"), ExitCode.HOST_REFUSED),
        Arguments.of(new RolledBackException("restored"), ExitCode.NOT_LIVE),
        Arguments.of(new RuntimeNotLiveException("not live"), ExitCode.NOT_LIVE),
        Arguments.of(new CanaryFailedException("no sandbox"), ExitCode.CANARY_FAILED),
        Arguments.of(new KubeApiException("403"), ExitCode.KUBERNETES),
        Arguments.of(new KubeApiException("500", new IOException("reset")), ExitCode.KUBERNETES),
        Arguments.of(new RollbackFailedException("act by hand"), ExitCode.ROLLBACK_FAILED),
        Arguments.of(new IllegalStateException("bug"), ExitCode.INTERNAL));
  }

  @ParameterizedTest
  @MethodSource("failureTypes")
  void failureType_mapsToItsDocumentedCode(RuntimeException e, ExitCode expected) {
    assertEquals(expected, Failure.of(e).code());
  }

  @Test
  void knownFailure_isItsOwnLine() {
    Failure f = Failure.of(new ReleaseVerificationException("checksum mismatch for runsc"));
    assertEquals(ExitCode.INVALID_INPUT, f.code());
    assertEquals("checksum mismatch for runsc", f.message());
  }

  @Test
  void knownFailureWithACause_keepsItsOwnLine_withoutTheCause() {
    Failure f = Failure.of(new KubeApiException("node n1 not found: check --node-name", new IOException("404")));
    assertEquals("node n1 not found: check --node-name", f.message());
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
