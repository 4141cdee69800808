package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The fake AL2023 node's config and what it masks (the daemon itself: {@link Al2023HostTest}). */
class Al2023LayoutTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  void config_isNodeadmsShape_forTheSeries_withoutRunsc_withPrivateCniConfDir(Series series) {
    Path h = Path.of("/tmp/gni-e2e-1/h");
    TomlParseResult toml = Toml.parse(Al2023Layout.config(h, series));

    assertEquals(List.of(), toml.errors());
    assertEquals(series.configVersion(), toml.getLong("version"));
    assertEquals("/run/containerd/containerd.sock", toml.getString("grpc.address"));
    String cri = series.configVersion() == 3 ? "plugins.\"io.containerd.cri.v1.runtime\"" : "plugins.\"io.containerd.grpc.v1.cri\"";
    assertEquals(h + "/etc/cni/net.d", toml.getString(cri + ".cni.conf_dir"));
    assertEquals(true, toml.getBoolean(cri + ".restrict_oom_score_adj"));
    assertEquals("/usr/sbin/runc", toml.getString(series.criRuntimesTable() + ".runc.options.BinaryName"));
    assertEquals(List.of("runc"), List.copyOf(toml.getTable(series.criRuntimesTable()).keySet()));
    assertEquals(null, toml.getString("ttrpc.address"), "ttrpc must default to the private socket");
  }

  @Test
  void runscOnPath_isMasked_exceptUnderUsrLocal_whichIsTheHostRoots() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path sbin = Files.createDirectories(tmp.resolve("sbin"));
    Files.writeString(bin.resolve("runsc"), "");
    Files.writeString(sbin.resolve("containerd-shim-runsc-v1"), "");
    Files.writeString(bin.resolve("runc"), "");

    List<String> masked = Al2023Layout.runscOutsideUsrLocal(List.of(bin.toString(), sbin.toString(),
        "/usr/local/bin", tmp.resolve("missing").toString()));

    assertEquals(List.of(bin.resolve("runsc").toString(), sbin.resolve("containerd-shim-runsc-v1").toString()),
        masked);
    assertTrue(Al2023Layout.runscOutsideUsrLocal(List.of("/usr/local/bin", "/usr/local/sbin")).isEmpty());
  }
}
