package dev.gni.containerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.containerd.ContainerdVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Uninstall of runtimes added inside an inline table after the host edited that table since install. */
class InlineRuntimesUndoTest {
  private static final String HEAD = "version = 2\n\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n";

  @Test
  void uninstall_hostAddedEntryAfterRunsc_removesOnlyRunscWithItsComma() {
    String before = HEAD + "  runtimes = { runc = { runtime_type = \"io.containerd.runc.v2\" } }\n";
    ConfigEdit install = plan(before, "1.7");
    String edited = install.after().replace(" } }\n", " }, kata = { runtime_type = \"io.containerd.kata.v2\" } }\n");
    ConfigEdit undo = RuntimeEntryRemover.undo(ConfigDocument.parse(edited, "t"), install.undo());
    assertEquals(HEAD + "  runtimes = { runc = { runtime_type = \"io.containerd.runc.v2\" }, "
        + "kata = { runtime_type = \"io.containerd.kata.v2\" } }\n", undo.after());
  }

  @Test
  void uninstall_hostChangedTheRuncItWasGivenInAnEmptyTable_removesBothEntriesLeavingTheEmptyTable() {
    String before = HEAD + "  runtimes = {}\n";
    ConfigEdit install = plan(before, "1.6");
    String edited = install.after().replace("sandbox_mode = \"podsandbox\"", "sandbox_mode = \"shim\"");
    ConfigEdit undo = RuntimeEntryRemover.undo(ConfigDocument.parse(edited, "t"), install.undo());
    assertEquals(before, undo.after());
  }

  @Test
  void install_runscInsideInlineRuntimesWithOptions_addsOptionsInsideIt() {
    String before = HEAD + "  runtimes = {runc={runtime_type=\"io.containerd.runc.v2\"},runsc={runtime_type=\"io.containerd.runsc.v1\"}}\n";
    ConfigEdit install = new ConfigPlanner(ContainerdVersion.parse("1.7", "flag"),
        RuntimeSpec.runsc("runsc", "/etc/containerd/runsc.toml")).plan("/etc/containerd/config.toml",
        Optional.of(ConfigDocument.parse(before, "t")), new DropInLocator(p -> Optional.empty())).edit();
    assertEquals(HEAD + "  runtimes = {runc={runtime_type=\"io.containerd.runc.v2\"},runsc={runtime_type="
        + "\"io.containerd.runsc.v1\", options = { TypeUrl = \"io.containerd.runsc.v1.options\", ConfigPath = "
        + "\"/etc/containerd/runsc.toml\" }}}\n", install.after());
    assertEquals(List.of("added plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc.options"),
        install.changes());
  }

  private static ConfigEdit plan(String before, String containerd) {
    return new ConfigPlanner(ContainerdVersion.parse(containerd, "flag"), RuntimeSpec.runsc("runsc", null))
        .plan("/etc/containerd/config.toml", Optional.of(ConfigDocument.parse(before, "t")),
            new DropInLocator(p -> Optional.empty())).edit();
  }
}
