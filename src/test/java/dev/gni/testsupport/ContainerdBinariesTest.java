package dev.gni.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.testsupport.ContainerdBinaries.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tomlj.TomlParseResult;

/** The harness's own checks: the real binaries' versions and {@code config dump} on good and bad configs. */
@RequiresRealContainerd
class ContainerdBinariesTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  void versionMatchesSeries(Series series) {
    ContainerdBinaries bins = ContainerdBinaries.of(series);

    System.out.println(series + " -> " + bins.versionLine());
    assertTrue(bins.version().startsWith(series.seriesName() + "."), bins.version());
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void configDumpShowsAddedRuntimeInTheSeriesTable(Series series) {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    Path config = CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1")
        .writeTo(tmp.resolve("config.toml"));

    ContainerdBinaries.ConfigDump dump = bins.configDump(config);

    TomlParseResult toml = dump.toml().orElseThrow(() -> new AssertionError(dump.error()));
    String table = series.criRuntimesTable();
    assertEquals("io.containerd.runsc.v1", toml.getString(table + ".runsc.runtime_type"), dump::raw);
    assertEquals("io.containerd.runc.v2", toml.getString(table + ".runc.runtime_type"), dump::raw);
    assertEquals(true, toml.getBoolean(table.replace(".containerd.runtimes", "") + ".restrict_oom_score_adj"));
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void configDumpOfBrokenConfigGivesContainerdsErrorText(Series series) throws Exception {
    Path config = Files.writeString(tmp.resolve("broken.toml"), "version = 2\n[plugins\n");

    ContainerdBinaries.ConfigDump dump = ContainerdBinaries.of(series).configDump(config);

    assertTrue(dump.toml().isEmpty());
    System.out.println(series + ": " + dump.error().orElseThrow());
    assertTrue(dump.error().orElseThrow().contains("broken.toml") || dump.error().orElseThrow().contains("toml"),
        dump.error().orElseThrow());
  }
}
