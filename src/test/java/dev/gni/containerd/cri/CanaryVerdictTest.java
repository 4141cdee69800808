package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary passes only on SANDBOX_READY with exactly the handler it asked for (real daemons: CriCanaryTest). */
class CanaryVerdictTest {
  @Test
  void readyWithTheHandler_passes() {
    assertNull(CriCanary.verdict(info(SandboxInfo.State.READY, "runsc"), "runsc"));
  }

  @Test
  void notReady_fails() {
    assertEquals("sandbox s1 is NOT_READY, not SANDBOX_READY",
        CriCanary.verdict(info(SandboxInfo.State.NOT_READY, "runsc"), "runsc"));
  }

  @Test
  void anotherOrNoHandler_fails() {
    assertEquals("sandbox s1 runs with handler 'runc', not 'runsc'",
        CriCanary.verdict(info(SandboxInfo.State.READY, "runc"), "runsc"));
    assertEquals("sandbox s1 runs with handler '', not 'runsc'",
        CriCanary.verdict(info(SandboxInfo.State.READY, ""), "runsc"));
  }

  private static SandboxInfo info(SandboxInfo.State state, String handler) {
    return new SandboxInfo("s1", "gni-canary-1", "uid", CriCanary.NAMESPACE, state, handler, Map.of());
  }
}
