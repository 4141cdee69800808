package dev.gni.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.binaries.Sha512;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHoldsTest {
  private static final String WITH = """
      version = 2
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
        runtime_type = "io.containerd.runsc.v1"
      """;
  private static final String WITHOUT = """
      version = 2
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
      """;

  @TempDir
  Path tmp;

  @Test
  void holds_thenRewrittenWithout_thenGone() throws Exception {
    Path f = tmp.resolve("config.toml");
    Files.writeString(f, WITH);
    ConfigHolds c = new ConfigHolds(f, "/etc/containerd/config.toml", "runsc", Optional.empty());
    assertEquals(Optional.empty(), c.check());
    assertEquals(Optional.empty(), c.check());
    Files.writeString(f, WITHOUT + "\n# rewritten by nodeadm\n");
    assertEquals(Optional.of("containerd's config /etc/containerd/config.toml was rewritten and no longer holds"
        + " runtime 'runsc'"), c.check());
    Files.delete(f);
    assertTrue(c.check().orElseThrow().endsWith("is gone"));
  }

  @Test
  void goTemplate_k3s_byTableName() throws Exception {
    Path f = tmp.resolve("config.toml.tmpl");
    Files.writeString(f, "{{ template \"base\" . }}\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]\n"
        + "  runtime_type = \"io.containerd.runsc.v1\"\n");
    assertEquals(Optional.empty(), new ConfigHolds(f, "/x.tmpl", "runsc", Optional.empty()).check());
  }

  @Test
  void bytesAsInstallWroteThem_holdWithoutParsing_otherBytesAreParsed() throws Exception {
    Path f = tmp.resolve("config.toml");
    // Not TOML and without the runtime: only the sha256 can call it held, so this fails if the shortcut is gone.
    String asInstalled = "{{ not toml }}\n";
    Files.writeString(f, asInstalled);
    ConfigHolds c = new ConfigHolds(f, "/etc/containerd/config.toml", "runsc",
        Optional.of(Sha512.sha256(asInstalled.getBytes(StandardCharsets.UTF_8))));
    assertEquals(Optional.empty(), c.check());
    Files.writeString(f, WITH + "# edited by a person, runsc kept\n");
    assertEquals(Optional.empty(), c.check());
    Files.writeString(f, WITHOUT);
    assertTrue(c.check().orElseThrow().contains("no longer holds runtime 'runsc'"));
  }
}
