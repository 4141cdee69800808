package dev.gni.containerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every editing fixture, under every real containerd (1.6.20, 1.7.24, 2.1.9) that accepts the file's
 * {@code version} (1: 1.x; 2: all; 3: 2.x): {@code containerd config dump} after install equals the dump
 * before plus the new runtime (compared as parsed TOML), and after uninstall equals the dump before.
 * containerd is the judge here: it parses the file with its own TOML library and its own merge rules.
 */
@RequiresRealContainerd
class RealContainerdDumpTest {
  @TempDir
  Path tmp;

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String name : ConfigEditingCasesTest.names()) {
      ConfigEditingCasesTest.EditingCase c = ConfigEditingCasesTest.EditingCase.load(ConfigEditingCasesTest.CASES.resolve(name));
      if (c.expectError() != null || Boolean.parseBoolean(c.p().getProperty("absent"))) {
        continue;
      }
      String before = c.before();
      ConfigSchema schema = ConfigDocument.parse(before, name).toml().isEmpty() ? null : ConfigDocument.parse(before, name).schema();
      for (Series s : Series.values()) {
        boolean is2 = s.seriesName().startsWith("2");
        boolean accepts = schema == null || schema == ConfigSchema.V2 || (schema == ConfigSchema.V1 && !is2)
            || (schema == ConfigSchema.V3 && is2);
        if (accepts && !usesAbsoluteImports(before)) {
          out.add(Arguments.of(name, s));
        }
      }
    }
    return out.stream();
  }

  /** Absolute imports would read this machine's /etc; relative imports (case 28) are resolved in the temp dir. */
  private static boolean usesAbsoluteImports(String text) {
    return text.contains("imports = [\"/etc/containerd/conf.d") || text.contains("imports = [\"/etc/containerd/extra");
  }

  @ParameterizedTest(name = "{0} on containerd {1}")
  @MethodSource("cases")
  void dumpAfterInstallIsDumpBeforePlusRuntime_andUninstallRestoresIt(String name, Series series) throws Exception {
    ContainerdBinaries bins = ContainerdBinaries.of(series);
    System.out.println("containerd " + bins.version() + ": " + name);
    ConfigEditingCasesTest.EditingCase c = ConfigEditingCasesTest.EditingCase.load(ConfigEditingCasesTest.CASES.resolve(name));
    String shim = c.p().getProperty("shimConfig");
    String runtime = c.p().getProperty("runtime", "runsc");
    ContainerdVersion version = ContainerdVersion.parse(series.seriesName(), "flag");
    Path main = tmp.resolve("config.toml");
    Files.writeString(main, c.before());
    Map<String, Object> before = dump(bins, main);

    ConfigPlan plan = new ConfigPlanner(version, RuntimeSpec.runsc(runtime, shim)).plan(main.toString(),
        Optional.of(ConfigDocument.parse(c.before(), name)), new DropInLocator(p -> Optional.empty()));
    Path written = Path.of(plan.path());
    Files.createDirectories(written.getParent());
    Files.writeString(written, plan.edit().after());
    Map<String, Object> after = dump(bins, main);

    List<String> runtimes = ConfigSchema.of((Long) after.get("version")).runtimesPath();
    List<String> entry = new ArrayList<>(runtimes);
    entry.add(runtime);
    assertEquals(RuntimeSpec.RUNSC_TYPE, TomlTree.get(after, concat(entry, "runtime_type")), "runtime in the dump");
    if (shim != null) {
      assertEquals(shim, TomlTree.get(after, concat(entry, "options", "ConfigPath")));
      assertEquals(RuntimeSpec.RUNSC_OPTIONS_TYPE, TomlTree.get(after, concat(entry, "options", "TypeUrl")));
    }
    Map<String, Object> afterMinus = copy(after);
    TomlTree.remove(afterMinus, entry);
    Map<String, Object> beforeMinus = copy(before);
    TomlTree.remove(beforeMinus, entry); // an entry the host had is brought to the desired state
    boolean wroteRunc = plan.edit().changes().stream().anyMatch(ch -> ch.endsWith(".runtimes.runc"));
    if (wroteRunc) {
      List<String> runc = concat(runtimes, "runc");
      // The built-in runc as the dump showed it; an empty runtimes table had already dropped it (case 35).
      Object builtIn = TomlTree.get(before, concat(runc, "runtime_type"));
      assertEquals(builtIn == null ? RuntimeSpec.RUNC_TYPE : builtIn, TomlTree.get(after, concat(runc, "runtime_type")));
      TomlTree.remove(afterMinus, runc);
      TomlTree.remove(beforeMinus, runc);
    }
    assertSameDump(beforeMinus, afterMinus, "the dump after install is the dump before plus the runtime, nothing else");

    ConfigEdit undone = RuntimeEntryRemover.undo(ConfigDocument.parse(plan.edit().after(), name), plan.edit().undo());
    if (plan.createdFile()) {
      Files.delete(written);
    } else {
      Files.writeString(written, undone.after());
    }
    assertSameDump(before, dump(bins, main), "the dump after uninstall is the dump before");
  }

  /** Compares two dumps, listing only the differing leaves. */
  private static void assertSameDump(Map<String, Object> expected, Map<String, Object> actual, String what) {
    Map<String, Object> e = new java.util.TreeMap<>();
    Map<String, Object> a = new java.util.TreeMap<>();
    flatten("", expected, e);
    flatten("", actual, a);
    java.util.Set<String> keys = new java.util.TreeSet<>(e.keySet());
    keys.addAll(a.keySet());
    StringBuilder diff = new StringBuilder();
    for (String k : keys) {
      if (!java.util.Objects.equals(e.get(k), a.get(k))) {
        diff.append("\n  ").append(k).append(": ").append(e.get(k)).append(" -> ").append(a.get(k));
      }
    }
    if (diff.length() > 0) {
      throw new AssertionError(what + ":" + diff);
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> m, Map<String, Object> out) {
    m.forEach((k, v) -> {
      if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
        flatten(prefix + k + ".", (Map<String, Object>) sub, out);
      } else {
        out.put(prefix + k, v);
      }
    });
  }

  private static Map<String, Object> dump(ContainerdBinaries bins, Path config) {
    ContainerdBinaries.ConfigDump d = bins.configDump(config);
    assertTrue(d.toml().isPresent(), "containerd refused the config: " + d.error().orElse(d.raw()));
    Map<String, Object> m = TomlTree.of(d.toml().get());
    // Host-specific and run-specific values that do not depend on the config under test.
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> m) {
    Map<String, Object> out = new java.util.TreeMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> sub ? copy((Map<String, Object>) sub) : v));
    return out;
  }

  private static List<String> concat(List<String> a, String... more) {
    List<String> l = new ArrayList<>(a);
    l.addAll(List.of(more));
    return l;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
