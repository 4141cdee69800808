package dev.gni.containerd.config;

import dev.gni.containerd.ContainerdVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.TomlTable;

/**
 * Chooses how to register the runtime with a given containerd and config file, and plans the text change.
 * <ul>
 *   <li>A drop-in only on containerd 2.0+, only when the main config's {@code imports} really covers the
 *       drop-in's path, and always with the main file's {@code version}: 1.x replaces whole plugin sections
 *       on import (containerd issue 5837), 2.x merges them (containerd PR 9982).</li>
 *   <li>Otherwise the main file in place.</li>
 *   <li>Refused: a version 1 file on containerd 2.x (its CRI section is ignored there) and a version 3 file
 *       on containerd 1.x (1.7 refuses it, 1.6 ignores its v3 sections).</li>
 *   <li>On 1.x, adding the first runtimes table also writes the built-in {@code runc} entry when the
 *       default runtime is {@code runc}, since the table replaces containerd's built-in one.</li>
 * </ul>
 */
public final class ConfigPlanner {
  private final ContainerdVersion version;
  private final RuntimeSpec runtime;

  public ConfigPlanner(ContainerdVersion version, RuntimeSpec runtime) {
    this.version = version;
    this.runtime = runtime;
  }

  /**
   * @param mainPath host path of the main config
   * @param main     the main config's document; empty when the file does not exist
   * @param dropIns  resolves the drop-in candidates of the main config's imports (see {@link DropInLocator})
   */
  public ConfigPlan plan(String mainPath, Optional<ConfigDocument> main, DropInLocator dropIns) {
    List<String> reasons = new ArrayList<>();
    ConfigDocument doc = main.orElseGet(() -> ConfigDocument.parse(DefaultConfigs.minimal(version), mainPath));
    if (main.isPresent() && doc.toml().isEmpty()) {
      return planForEmpty(mainPath, doc, dropIns, reasons);
    }
    ContainerdVersion effective = effectiveVersion(doc.schema(), reasons);
    refuseMismatch(doc.schema(), effective, mainPath);
    if (main.isEmpty()) {
      reasons.add(mainPath + " does not exist: creating it with containerd's defaults plus the runtime");
    }
    if (main.isPresent() && effective.atLeast2()) {
      Optional<DropInLocator.Candidate> dropIn = dropIns.locate(mainPath, doc, runtime.name());
      if (dropIn.isPresent()) {
        return planDropIn(doc, dropIn.get(), reasons);
      }
      reasons.add("in place: the main config's imports cover no drop-in path for the runtime");
    } else if (main.isPresent()) {
      reasons.add("in place: containerd " + effective.major() + ".x replaces whole plugin sections on import, "
          + "so a drop-in would drop the host's CRI settings");
    }
    List<RuntimeSpec> specs = new ArrayList<>();
    if (!effective.atLeast2() && dropsBuiltInRunc(doc)) {
      specs.add(RuntimeSpec.builtInRunc());
      reasons.add("also writing runtimes.runc: the config has no runtimes table, and adding one would drop"
          + " containerd's built-in runc that default_runtime_name needs");
    }
    specs.add(runtime);
    ConfigEdit edit = RuntimeEntryEditor.apply(doc, specs);
    return new ConfigPlan(ConfigPlan.IN_PLACE, mainPath, edit, main.isEmpty(), List.copyOf(reasons));
  }

  /** A file with no settings at all means containerd's defaults: give it a version header first. */
  private ConfigPlan planForEmpty(String mainPath, ConfigDocument doc, DropInLocator dropIns, List<String> reasons) {
    String line = "version = " + (version.atLeast2() ? 3 : 2) + "\n";
    String ins = Layout.withLineEnding(doc.endsWithNewline() ? line : "\n" + line, Layout.lineEnding(doc.text()));
    ConfigDocument withVersion = ConfigDocument.parse(doc.text() + ins, mainPath);
    ConfigPlan inner = plan(mainPath, Optional.of(withVersion), dropIns);
    List<String> changes = new ArrayList<>();
    changes.add("added version = " + withVersion.schema().version() + " (the file had no settings)");
    changes.addAll(inner.edit().changes());
    List<UndoStep> undo = new ArrayList<>();
    undo.add(UndoStep.insert(ins, List.of(List.of("version"))));
    undo.addAll(inner.edit().undo());
    reasons.add(mainPath + " has no settings: containerd runs on its defaults");
    reasons.addAll(inner.reasons());
    ConfigEdit edit = new ConfigEdit(doc.text(), inner.edit().after(), List.copyOf(changes), List.copyOf(undo));
    return new ConfigPlan(inner.strategy(), inner.path(), edit, false, List.copyOf(reasons));
  }

  private ConfigPlan planDropIn(ConfigDocument main, DropInLocator.Candidate c, List<String> reasons) {
    reasons.add("drop-in " + c.path() + ": containerd " + version.major() + "." + version.minor()
        + " merges imported plugin sections, and the main config imports " + c.pattern());
    ConfigDocument dropIn = c.existing().orElseGet(() ->
        ConfigDocument.parse("version = " + main.schema().version() + "\n", c.path()));
    if (dropIn.schema() != main.schema()) {
      throw new ConfigRefusedException("drop-in " + c.path() + " declares version " + dropIn.schema().version()
          + " but the main config is version " + main.schema().version() + "; containerd requires them to match");
    }
    ConfigEdit edit = RuntimeEntryEditor.apply(dropIn, List.of(runtime));
    return new ConfigPlan(ConfigPlan.DROP_IN, c.path(), edit, c.existing().isEmpty(), List.copyOf(reasons));
  }

  private ContainerdVersion effectiveVersion(ConfigSchema schema, List<String> reasons) {
    if (!version.known() && schema == ConfigSchema.V3) {
      reasons.add("containerd version unknown; the config is version 3, which only containerd 2.x loads");
      return new ContainerdVersion(2, 0, "config");
    }
    return version;
  }

  private static void refuseMismatch(ConfigSchema schema, ContainerdVersion v, String path) {
    if (schema == ConfigSchema.V1 && v.atLeast2()) {
      throw new ConfigRefusedException(path + " is a version 1 config (no 'version = 2' or '3'), which containerd "
          + v.major() + ".x ignores the CRI section of; migrate it first ('containerd config migrate')");
    }
    if (schema == ConfigSchema.V3 && !v.atLeast2()) {
      throw new ConfigRefusedException(path + " is a version 3 config, which containerd " + v.major() + "."
          + v.minor() + " cannot load (1.7 refuses it, 1.6 ignores its sections); use version = 2 on containerd 1.x");
    }
  }

  /** True when the file defines no runtimes at all and its default runtime is runc (explicitly or by default). */
  public static boolean dropsBuiltInRunc(ConfigDocument doc) {
    ConfigSchema schema = doc.schema();
    TomlTable runtimes = doc.toml().getTable(schema.runtimesPath());
    if (runtimes != null && !runtimes.isEmpty()) {
      return false;
    }
    Object dflt = doc.toml().get(schema.defaultRuntimeNamePath());
    return dflt == null || "runc".equals(dflt);
  }
}
