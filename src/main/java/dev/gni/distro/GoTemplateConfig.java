package dev.gni.distro;

import dev.gni.containerd.ContainerdVersion;
import dev.gni.containerd.config.ConfigDocument;
import dev.gni.containerd.config.ConfigEdit;
import dev.gni.containerd.config.ConfigPlan;
import dev.gni.containerd.config.ConfigPlanner;
import dev.gni.containerd.config.ConfigRefusedException;
import dev.gni.containerd.config.ConfigSchema;
import dev.gni.containerd.config.InvalidConfigException;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.config.RuntimeTables;
import dev.gni.containerd.config.UndoStep;
import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * k3s and rke2 render containerd's {@code config.toml} from a Go template at every start, so the template is
 * edited, never the generated file. k3s with containerd 2.x reads {@code config-v3.toml.tmpl} first, then
 * {@code config.toml.tmpl}; older k3s reads only {@code config.toml.tmpl} (k3s pkg/agent/containerd/config.go).
 *
 * <p>A template with Go actions is not TOML, so it is never parsed. The runtime's tables are APPENDED after
 * the template's body between two marker comments, and proven two ways before anything is written: the
 * appended part parses on its own and defines the runtime, and the generated {@code config.toml} (what the
 * template renders today) plus the appended part parses and defines it too. Go's text/template copies text
 * outside actions verbatim, so the rendered file after the next start is exactly that. A missing template is
 * created as {@code {{ template "base" . }}} (k3s's documented way to extend its default) plus the part.
 */
public final class GoTemplateConfig {
  public static final String STRATEGY = "go-template";
  public static final String BASE = "{{ template \"base\" . }}\n";
  static final String V3 = "config-v3.toml.tmpl";
  static final String V2 = "config.toml.tmpl";

  private GoTemplateConfig() {
  }

  public static String begin(String runtime) {
    return "# BEGIN gvisor-node-installer runtime '" + runtime + "' (uninstall removes this part)\n";
  }

  public static String end(String runtime) {
    return "# END gvisor-node-installer runtime '" + runtime + "'\n";
  }

  /** The exact text appended for this runtime, markers included. */
  public static String part(ConfigSchema schema, RuntimeSpec spec) {
    return begin(spec.name()) + RuntimeTables.render(schema, spec) + end(spec.name());
  }

  public static ConfigPlan plan(HostFiles host, Distribution dist, ContainerdVersion version, RuntimeSpec spec) {
    String dir = dist.configDir();
    List<String> reasons = new ArrayList<>();
    Optional<ConfigDocument> generated = host.read(dist.configPath()).map(b -> ConfigDocument.parse(b, dist.configPath()));
    boolean v2x = version.atLeast2() || (!version.known() && generated.map(g -> g.schema() == ConfigSchema.V3).orElse(false));
    String template = dir + "/" + (v2x && (host.exists(dir + "/" + V3) || !host.exists(dir + "/" + V2)) ? V3 : V2);
    Optional<String> current = host.read(template).map(b -> new String(b, StandardCharsets.UTF_8));
    ConfigSchema schema = current.isPresent() && generated.isPresent() ? generated.get().schema()
        : template.endsWith(V3) ? ConfigSchema.V3 : ConfigSchema.V2;
    reasons.add(dist.name() + " renders " + dist.configPath() + " from " + template + " at every start: the template "
        + "is edited (" + (v2x ? "containerd 2.x reads " + V3 + ", else " + V2 : "containerd 1.x reads " + V2) + ")");
    String part = part(schema, spec);
    if (!v2x && generated.map(g -> ConfigPlanner.dropsBuiltInRunc(without(g, spec.name()))).orElse(false)) {
      part = begin(spec.name()) + RuntimeTables.render(schema, RuntimeSpec.builtInRunc())
          + RuntimeTables.render(schema, spec) + end(spec.name());
      reasons.add("also writing runtimes.runc: the rendered config has no runtimes table, and adding one would drop"
          + " containerd's built-in runc that default_runtime_name needs");
    }
    proveAlone(part, schema, spec, template);
    String appended = part;
    String before = current.orElse("");
    String after;
    String inserted;
    if (current.isEmpty()) {
      inserted = BASE + "\n" + part;
      after = inserted;
      reasons.add(template + " does not exist: creating it as {{ template \"base\" . }} plus the runtime");
    } else if (before.contains(part)) {
      inserted = "";
      after = before;
    } else {
      String without = removePart(before, spec.name());
      inserted = (without.isEmpty() ? "" : without.endsWith("\n") ? "\n" : "\n\n") + part;
      after = without + inserted;
    }
    generated.ifPresentOrElse(g -> proveRendered(g, appended, schema, spec),
        () -> reasons.add(dist.configPath() + " does not exist yet: only the appended part was checked"));
    List<UndoStep> undo = inserted.isEmpty() ? List.of()
        : List.of(UndoStep.insert(inserted, List.of(entry(schema, spec.name()))));
    List<String> changes = inserted.isEmpty() ? List.of()
        : List.of("appended runtime '" + spec.name() + "' to " + template);
    return new ConfigPlan(STRATEGY, template, new ConfigEdit(before, after, changes, undo), current.isEmpty(),
        List.copyOf(reasons));
  }

  /** Undoes install's append: the exact inserted text where it still stands, else the marked part. */
  public static ConfigEdit undo(String current, List<UndoStep> steps) {
    String text = current;
    List<String> changes = new ArrayList<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      UndoStep s = steps.get(i);
      String runtime = s.paths().get(0).get(s.paths().get(0).size() - 1);
      int at = text.indexOf(s.text());
      if (at >= 0 && text.indexOf(s.text(), at + 1) < 0) {
        text = text.substring(0, at) + text.substring(at + s.text().length());
        changes.add("removed runtime '" + runtime + "' from the template");
      } else if (text.contains(begin(runtime))) {
        text = removePart(text, runtime);
        changes.add("removed runtime '" + runtime + "' from the template (edited since install; kept the rest)");
      } else {
        changes.add("runtime '" + runtime + "' was already gone from the template");
      }
    }
    return new ConfigEdit(current, text, List.copyOf(changes), List.of());
  }

  /** True when the template carries this runtime's part. */
  public static boolean carries(String template, String runtime) {
    return template.contains(begin(runtime)) && template.contains(end(runtime));
  }

  /** The text without this runtime's marked part (and the blank line before it). */
  static String removePart(String text, String runtime) {
    int b = text.indexOf(begin(runtime));
    int e = text.indexOf(end(runtime), Math.max(b, 0));
    if (b < 0 || e < 0) {
      return text;
    }
    int start = b >= 2 && text.startsWith("\n\n", b - 2) ? b - 1 : b;
    return text.substring(0, start) + text.substring(e + end(runtime).length());
  }

  private static void proveAlone(String part, ConfigSchema schema, RuntimeSpec spec, String template) {
    ConfigDocument doc = ConfigDocument.parse("version = " + schema.version() + "\n" + part, template + " (appended part)");
    if (!RuntimeTables.carries(doc.toml(), schema, spec)) {
      throw new IllegalStateException("the part appended to " + template + " does not define runtime " + spec.name());
    }
  }

  private static ConfigDocument without(ConfigDocument generated, String runtime) {
    return ConfigDocument.parse(removePart(generated.text(), runtime), "the generated config");
  }

  private static void proveRendered(ConfigDocument generated, String part, ConfigSchema schema, RuntimeSpec spec) {
    String base = removePart(generated.text(), spec.name());
    if (RuntimeTables.defines(ConfigDocument.parse(base, "generated").toml(), schema, spec.name())) {
      throw new ConfigRefusedException("the template already defines runtime '" + spec.name() + "' outside the "
          + "installer's part; remove it there or use another --runtime-name");
    }
    String rendered = base + (base.isEmpty() || base.endsWith("\n") ? "\n" : "\n\n") + part;
    ConfigDocument doc;
    try {
      doc = ConfigDocument.parse(rendered, "the rendered config");
    } catch (InvalidConfigException e) {
      throw new ConfigRefusedException("appending runtime '" + spec.name() + "' would break the rendered config: "
          + e.getMessage());
    }
    if (!RuntimeTables.carries(doc.toml(), schema, spec)) {
      throw new ConfigRefusedException("the rendered config would not define runtime '" + spec.name() + "'");
    }
  }

  private static List<String> entry(ConfigSchema schema, String runtime) {
    List<String> p = new ArrayList<>(schema.runtimesPath());
    p.add(runtime);
    return List.copyOf(p);
  }
}
