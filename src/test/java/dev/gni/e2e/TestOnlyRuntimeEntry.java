package dev.gni.e2e;

import dev.gni.testsupport.Al2023Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * TEST ONLY, HAND-WRITTEN: registers runsc with a {@link Al2023Host}'s containerd the way the installer is
 * meant to, so the harness can be proven without the installer. The real e2e lets the installer do this;
 * nothing here is product logic. Writes, under the host root H:
 * <ul>
 *   <li>{@code H/usr/local/bin/runsc} and {@code H/usr/local/bin/containerd-shim-runsc-v1} from a release
 *       folder;</li>
 *   <li>{@code H/etc/containerd/runsc.toml}: {@code [runsc_config] platform = "ptrace", network = "none"}
 *       (what this sandbox needs);</li>
 *   <li>a {@code runtimes.runsc} entry appended to {@code config.toml} with {@code runtime_type =
 *       "io.containerd.runsc.v1"}, {@code TypeUrl} and {@code ConfigPath = "/etc/containerd/runsc.toml"}
 *       (a node path: containerd sees H's file through the launcher's bind mount).</li>
 * </ul>
 */
public final class TestOnlyRuntimeEntry {
  private TestOnlyRuntimeEntry() {
  }

  public static void write(Al2023Host host, Path releaseDir, String handler) {
    try {
      Path bin = host.root().resolve("usr/local/bin");
      for (String name : new String[] {"runsc", "containerd-shim-runsc-v1"}) {
        Path target = bin.resolve(name);
        Files.copy(releaseDir.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.writeString(host.root().resolve("etc/containerd/runsc.toml"), """
          # TEST-ONLY, written by the e2e harness self-test (in the real e2e the installer writes this file)
          [runsc_config]
            platform = "ptrace"
            network = "none"
          """, StandardCharsets.UTF_8);
      String table = host.series().configVersion() == 2
          ? "plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes." + handler
          : "plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes." + handler;
      Files.writeString(host.configFile(), """

          # TEST-ONLY entry, written by the e2e harness self-test (in the real e2e the installer writes it)
          [%1$s]
          runtime_type = "io.containerd.runsc.v1"

          [%1$s.options]
          TypeUrl = "io.containerd.runsc.v1.options"
          ConfigPath = "/etc/containerd/runsc.toml"
          """.formatted(table), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test-only runsc entry into " + host, e);
    }
  }
}
