package dev.gni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void defaults() {
    RunConfig c = CommandLine.parse(List.of("install"), Map.of());
    assertEquals(Command.INSTALL, c.command());
    assertEquals(Path.of("/host"), c.hostRoot());
    assertEquals("/usr/local/bin", c.installDir());
    assertEquals("runsc", c.runtimeName());
    assertEquals(RunConfig.RestartMode.SYSTEMD, c.restartMode());
    assertEquals(RunConfig.HostExecMode.NSENTER, c.hostExecMode());
    assertEquals(60, c.restartTimeout().toSeconds());
    assertTrue(c.canary());
    assertTrue(c.nodeLabel());
    assertEquals("gvisor.dev", c.labelPrefix());
  }

  @Test
  void flagWinsOverEnvironment_andEnvironmentOverDefault() {
    Map<String, String> env = Map.of("GNI_RUNTIME_NAME", "gvisor", "GNI_INSTALL_DIR", "/opt/bin", "NODE_NAME", "n1");
    RunConfig c = CommandLine.parse(List.of("install", "--runtime-name=other"), env);
    assertEquals("other", c.runtimeName());
    assertEquals("/opt/bin", c.installDir());
    assertEquals("n1", c.nodeName().orElseThrow());
  }

  @Test
  void runscFlags_repeatable_orCommaSeparatedInEnvironment() {
    RunConfig f = CommandLine.parse(List.of("install", "--runsc-flag", "platform=systrap", "--runsc-flag", "debug=true"), Map.of());
    assertEquals(Map.of("platform", "systrap", "debug", "true"), f.runscFlags());
    RunConfig e = CommandLine.parse(List.of("install"), Map.of("GNI_RUNSC_FLAGS", "platform=ptrace, network=none"));
    assertEquals(List.of("platform", "network"), List.copyOf(e.runscFlags().keySet()));
  }

  @Test
  void booleans() {
    assertFalse(CommandLine.parse(List.of("install", "--canary=false"), Map.of()).canary());
    assertFalse(CommandLine.parse(List.of("install", "--no-node-label"), Map.of()).nodeLabel());
    assertFalse(CommandLine.parse(List.of("install"), Map.of("GNI_CANARY", "false")).canary());
  }

  @Test
  void badInputIsAOneLineUsageError() {
    assertEquals("unknown option '--nope'; see --help",
        assertThrows(UsageException.class, () -> CommandLine.parse(List.of("install", "--nope"), Map.of())).getMessage());
    assertEquals("--restart must be systemd|command|none, not 'sometimes'", assertThrows(UsageException.class,
        () -> CommandLine.parse(List.of("install", "--restart", "sometimes"), Map.of())).getMessage());
    assertThrows(UsageException.class, () -> CommandLine.parse(List.of("install", "--restart", "command"), Map.of()));
    assertThrows(UsageException.class, () -> CommandLine.parse(List.of("install", "--runsc-flag", "platform"), Map.of()));
    assertThrows(UsageException.class, () -> CommandLine.parse(List.of("install", "--runtime-name", "a b"), Map.of()));
    assertThrows(UsageException.class, () -> CommandLine.parse(List.of("install", "--containerd-version", "two"), Map.of()));
    assertThrows(UsageException.class, () -> CommandLine.parse(List.of("frob"), Map.of()));
    assertThrows(UsageException.class, () -> CommandLine.parse(List.of("install", "--host-root"), Map.of()));
  }
}
