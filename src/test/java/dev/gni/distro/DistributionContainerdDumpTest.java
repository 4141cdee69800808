package dev.gni.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tomlj.TomlParseResult;

/**
 * Each distribution's host after install, loaded by the real containerd versions that accept its file
 * (1.6.20, 1.7.24, 2.1.9; host.properties "dump"): {@code containerd config dump} equals the dump of the host
 * before install plus the runsc runtime, nothing else (the default runtime, runc, nvidia, kata all stay).
 *
 * <p>What containerd is given is what it would read on that distribution: the config (absolute imports
 * resolved inside the host tree); microk8s's template with its {@code ${VAR}} placeholders substituted as the
 * snap does; for k3s/rke2 the generated config.toml plus exactly the text install appended to the template.
 * That last step is an equivalence, not a render: no Go text/template runs here. It rests on text/template
 * copying text outside actions verbatim, and on the generated config.toml being what the template's actions
 * render to, which holds for the unchanged part of the template but is not proven by this test.
 */
@RequiresRealContainerd
class DistributionContainerdDumpTest {
  @TempDir
  Path tmp;

  static List<Arguments> cases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String name : HostFixture.supported()) {
      for (String s : HostFixture.dumpSeries(name)) { // copying the fixture here left 30 MB in /tmp per case
        out.add(Arguments.of(name, s));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} on containerd {1}")
  @MethodSource("cases")
  void dumpAfterInstallIsDumpBeforePlusTheRuntime(String fixture, String series) throws Exception {
    ContainerdBinaries bins = ContainerdBinaries.of(seriesOf(series));
    HostFixture h = HostFixture.copy(fixture, tmp);
    String pristineTemplate = templateText(h);
    Map<String, Object> before = dump(bins, effective(h, "", "before"));
    assertEquals(0, h.run("install").code());
    String appended = "";
    if (h.get("expectStrategy").equals("go-template")) {
      String after = h.read(h.get("expectFile"));
      String base = pristineTemplate.isEmpty() ? GoTemplateConfig.BASE : pristineTemplate;
      assertTrue(after.startsWith(base), "install only appends to the template");
      appended = after.substring(base.length());
    }
    Map<String, Object> after = dump(bins, effective(h, appended, "after"));
    String runtimes = bins.series().criRuntimesTable();
    assertEquals("io.containerd.runsc.v1", after.get(runtimes + ".runsc.runtime_type"), "runsc in the dump: " + after.keySet());
    after.keySet().removeIf(k -> k.startsWith(runtimes + ".runsc."));
    Map<String, Object> b = before;
    List<String> diff = new ArrayList<>();
    new java.util.TreeSet<>(java.util.Set.copyOf(concat(b.keySet(), after.keySet()))).forEach(k -> {
      if (!java.util.Objects.equals(b.get(k), after.get(k))) {
        diff.add(k + ": " + b.get(k) + " -> " + after.get(k));
      }
    });
    assertEquals(List.of(), diff, "the dump after install is the dump before plus the runtime, nothing else");
  }

  /** AL2023 with nodeadm drop-ins: the NodeConfig's inline TOML, added to the config nodeadm writes, loads. */
  @Test
  void nodeadmDropIn_inlineConfigAddedToNodeadmsConfig_loadsInContainerd21() throws Exception {
    HostFixture h = HostFixture.copy("eks-al2023-nodeadm-d", tmp);
    String nodeadmWrites = h.read("/etc/containerd/config.toml");
    assertEquals(0, h.run("install").code());
    JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(h.at("/etc/eks/nodeadm.d/99-gvisor-runsc.yaml").toFile());
    assertEquals("NodeConfig", node.get("kind").asText());
    String inline = node.get("spec").get("containerd").get("config").asText();
    // nodeadm deep-merges the inline TOML into its config; for a table the config lacks, that is adding it.
    Path merged = tmp.resolve("merged.toml");
    Files.writeString(merged, nodeadmWrites + "\n" + inline);
    ContainerdBinaries bins = ContainerdBinaries.of(Series.V2_1);
    Map<String, Object> dump = dump(bins, merged);
    assertEquals("io.containerd.runsc.v1", dump.get(bins.series().criRuntimesTable() + ".runsc.runtime_type"));
  }

  /** A k3s template that renders no runtimes table, on containerd 1.7: the appended part keeps runc. */
  @Test
  void k3sTemplateWithoutRuntimes_onContainerd17_keepsRuncAsTheWorkingDefault() throws Exception {
    HostFixture h = HostFixture.copy("k3s-agent-1.7", tmp);
    String dir = "/var/lib/rancher/k3s/agent/etc/containerd/";
    String own = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"overlayfs\"\n";
    Files.writeString(h.at(dir + "config.toml.tmpl"), own);
    Files.writeString(h.at(dir + "config.toml"), own);
    assertEquals(0, h.run("install").code());
    Path rendered = tmp.resolve("rendered.toml");
    Files.writeString(rendered, own + h.read(dir + "config.toml.tmpl").substring(own.length()));
    ContainerdBinaries bins = ContainerdBinaries.of(Series.V1_7);
    Map<String, Object> dump = dump(bins, rendered);
    String runtimes = bins.series().criRuntimesTable();
    assertEquals("runc", dump.get("plugins.\"io.containerd.grpc.v1.cri\".containerd.default_runtime_name"));
    assertEquals("io.containerd.runc.v2", dump.get(runtimes + ".runc.runtime_type"));
    assertEquals("io.containerd.runsc.v1", dump.get(runtimes + ".runsc.runtime_type"));
  }

  private static String templateText(HostFixture h) throws Exception {
    if (!h.get("expectStrategy").equals("go-template")) {
      return "";
    }
    Path t = h.at(h.get("expectFile"));
    return Files.exists(t) ? Files.readString(t) : "";
  }

  /** The file containerd would read on that host, with `appended` added for a template distribution. */
  private Path effective(HostFixture h, String appended, String tag) throws Exception {
    Distribution d = Detector.detect(new dev.gni.host.LocalHostFiles(new dev.gni.host.HostRoot(h.host())),
        java.util.Optional.ofNullable(h.get("distribution")));
    String text = h.read(d.configPath()) + appended;
    String render = h.get("render");
    if (render != null) {
      for (String kv : render.split(",")) {
        String[] p = kv.split(":", 2);
        text = text.replace("${" + p[0] + "}", p[1]);
      }
    }
    text = text.replace("imports = [\"/etc/", "imports = [\"" + h.host() + "/etc/");
    Path f = tmp.resolve("effective-config.toml"); // one path: containerd's dump lists it under imports
    Files.writeString(f, text);
    return f;
  }

  private static Map<String, Object> dump(ContainerdBinaries bins, Path config) {
    ContainerdBinaries.ConfigDump d = bins.configDump(config);
    assertTrue(d.toml().isPresent(), () -> bins + " refused " + config + ": " + d.error().orElse(""));
    TomlParseResult t = d.toml().get();
    Map<String, Object> flat = new TreeMap<>();
    for (String k : t.dottedKeySet()) {
      Object v = t.get(List.of(splitDotted(k)));
      flat.put(k, v instanceof org.tomlj.TomlArray a ? a.toJson() : String.valueOf(v));
    }
    return flat;
  }

  /** tomlj's dotted keys quote segments that need it; split them back. */
  private static String[] splitDotted(String k) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : k.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts.toArray(String[]::new);
  }

  private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
    List<String> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  private static Series seriesOf(String s) {
    return switch (s) {
      case "1.6" -> Series.V1_6;
      case "1.7" -> Series.V1_7;
      default -> Series.V2_1;
    };
  }
}
