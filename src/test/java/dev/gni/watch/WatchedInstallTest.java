package dev.gni.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gni.containerd.config.UndoStep;
import dev.gni.flow.InstallState;
import dev.gni.flow.StateStore;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedInstallTest {
  @TempDir
  Path host;

  @Test
  void readsWhatTheStateStoreWrites() {
    LocalHostFiles files = new LocalHostFiles(new HostRoot(host));
    assertEquals(Optional.empty(), WatchedInstall.read(files));
    new StateStore(files).save(new InstallState("6010b969", "/etc/containerd/runsc.toml", "drop-in", true,
        List.of(UndoStep.insert("\n[a]\n", List.of(List.of("a")))), "/etc/containerd/runsc-shim.toml",
        "gvisor", "07decaab", "/etc/containerd/conf.d"));
    assertEquals(Optional.of(new WatchedInstall("/etc/containerd/runsc.toml", "gvisor", Optional.of("07decaab"))),
        WatchedInstall.read(files));
  }

  @Test
  void unknownFieldsAreSkipped_aMissingShaIsEmpty() {
    WatchedInstall w = WatchedInstall.parse(bytes(
        "{\"future\": {\"a\": [1, {\"b\": null}]}, \"runtimeName\": \"runsc\", \"n\": 3,"
            + " \"configPath\": \"/etc/containerd/config.toml\", \"configSha256\": null}"));
    assertEquals(new WatchedInstall("/etc/containerd/config.toml", "runsc", Optional.empty()), w);
  }

  @Test
  void badStateIsAClearError() {
    assertEquals("cannot read /var/lib/gvisor-node-installer/state.json: configPath is not a string",
        assertThrows(IllegalStateException.class, () -> WatchedInstall.parse(bytes(
            "{\"configPath\": 3, \"runtimeName\": \"runsc\"}"))).getMessage());
    assertEquals("cannot read /var/lib/gvisor-node-installer/state.json: configPath or runtimeName missing",
        assertThrows(IllegalStateException.class, () -> WatchedInstall.parse(bytes("{\"runtimeName\": \"x\"}")))
            .getMessage());
    assertEquals("cannot read /var/lib/gvisor-node-installer/state.json: not a JSON object",
        assertThrows(IllegalStateException.class, () -> WatchedInstall.parse(bytes("[]"))).getMessage());
    assertThrows(IllegalStateException.class, () -> WatchedInstall.parse(bytes("{\"configPath\": ")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
