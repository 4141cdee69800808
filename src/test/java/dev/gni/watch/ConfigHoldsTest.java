package dev.gni.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    ConfigHolds c = new ConfigHolds(f, "/etc/containerd/config.toml", "runsc");
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
    assertEquals(Optional.empty(), new ConfigHolds(f, "/x.tmpl", "runsc").check());
  }
}
