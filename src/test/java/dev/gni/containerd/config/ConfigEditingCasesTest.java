package dev.gni.containerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.ContainerdVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven editing cases: each folder under src/test/resources/editing holds {@code before.toml}, a
 * {@code case.properties} (containerd version, runtime name, shim config path, expected strategy or
 * error) and {@code expected.toml}: the exact bytes install must write. Every case is also checked for
 * convergence (planning again on the result changes nothing) and for an exact undo (uninstall gives the
 * original bytes back). Run with -Dgni.updateGolden=true to (re)write expected.toml, then review it.
 */
class ConfigEditingCasesTest {
  static final Path CASES = Path.of("src/test/resources/editing");
  static final String MAIN = "/etc/containerd/config.toml";

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void installWritesExactBytes_andUninstallRestoresThem(String name) throws IOException {
    EditingCase c = EditingCase.load(CASES.resolve(name));
    if (c.expectError() != null) {
      RuntimeException e = assertThrows(RuntimeException.class, c::plan);
      assertTrue(e.getMessage().contains(c.expectError()), "message: " + e.getMessage());
      return;
    }
    ConfigPlan plan = c.plan();
    if (c.expectStrategy() != null) {
      assertEquals(c.expectStrategy(), plan.strategy());
    }
    Path golden = c.dir().resolve(plan.strategy().equals(ConfigPlan.DROP_IN) ? "expected-drop-in.toml" : "expected.toml");
    if (Boolean.getBoolean("gni.updateGolden")) {
      Files.writeString(golden, plan.edit().after());
    }
    assertEquals(Files.readString(golden), plan.edit().after(), "bytes written for " + name);

    ConfigPlan again = c.planOn(plan);
    assertFalse(again.edit().changed(), "a second install must change nothing: " + again.edit().changes());

    ConfigEdit undone = RuntimeEntryRemover.undo(ConfigDocument.parse(plan.edit().after(), "t"), plan.edit().undo());
    assertEquals(plan.edit().before(), undone.after(), "uninstall restores the exact original bytes");
  }

  record EditingCase(Path dir, Properties p, String before) {
    static EditingCase load(Path dir) throws IOException {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(dir.resolve("case.properties"))) {
        p.load(in);
      }
      return new EditingCase(dir, p, Files.readString(dir.resolve("before.toml"), StandardCharsets.UTF_8));
    }

    String expectError() {
      return p.getProperty("expectError");
    }

    String expectStrategy() {
      return p.getProperty("expectStrategy");
    }

    ConfigPlan plan() {
      Optional<ConfigDocument> main = Boolean.parseBoolean(p.getProperty("absent"))
          ? Optional.empty() : Optional.of(ConfigDocument.parse(before, MAIN));
      return planner().plan(MAIN, main, new DropInLocator(path -> Optional.empty()));
    }

    /** Plans again on the state after the first plan was written. */
    ConfigPlan planOn(ConfigPlan first) {
      String mainText = first.strategy().equals(ConfigPlan.DROP_IN) ? before : first.edit().after();
      String dropInPath = first.path();
      String dropInText = first.edit().after();
      DropInLocator locator = new DropInLocator(path -> path.equals(dropInPath)
          ? Optional.of(dropInText.getBytes(StandardCharsets.UTF_8)) : Optional.empty());
      return planner().plan(MAIN, Optional.of(ConfigDocument.parse(mainText, MAIN)), locator);
    }

    private ConfigPlanner planner() {
      String v = p.getProperty("containerd", "1.7");
      ContainerdVersion version = v.equals("unknown") ? ContainerdVersion.assumed1x() : ContainerdVersion.parse(v, "flag");
      return new ConfigPlanner(version, RuntimeSpec.runsc(p.getProperty("runtime", "runsc"), p.getProperty("shimConfig")));
    }
  }

  static List<String> names() throws IOException {
    return cases().toList();
  }
}
