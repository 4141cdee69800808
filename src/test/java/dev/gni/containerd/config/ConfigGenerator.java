package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of containerd configs for the engine property test, combining the shapes the editing
 * fixtures and the reference configs hold: config versions 1/2/3 on the containerd series that accept them,
 * the CRI runtimes written as tables, dotted keys (under the CRI plugin or under [plugins]), an inline
 * runtimes table or inline entries, none at all (Debian's cni-only config, a CRI-less file), v1-era
 * default_runtime tables; tables in shuffled order (parents after children), nested or flat indentation with
 * spaces or tabs, both quote styles, comments between and after lines, imports (relative or absolute), an
 * existing runsc entry (right or wrong), an array of tables, CRLF line ends and a missing final newline.
 */
final class ConfigGenerator {
  /** One generated case: the config, where it runs, the runtime to add, and the shapes it combines. */
  record Case(int index, String text, String containerd, String runtime, String shimConfig, List<String> shapes) {
  }

  private final Random rnd;
  private final List<String> shapes = new ArrayList<>();
  private char hq;
  private char vq;
  private String unit;
  private boolean nested;
  private String equals;

  private ConfigGenerator(long seed) {
    this.rnd = new Random(seed);
  }

  static Case generate(long seed, int index) {
    return new ConfigGenerator(seed).build(index);
  }

  private Case build(int index) {
    String containerd = pick("1.6", "1.7", "2.1");
    int version = containerd.equals("2.1") ? (rnd.nextInt(3) == 0 ? 2 : 3) : (rnd.nextInt(5) == 0 ? 1 : 2);
    shape("v" + version + "@" + containerd);
    hq = version == 3 && rnd.nextBoolean() ? '\'' : rnd.nextInt(6) == 0 ? '\'' : '"';
    vq = rnd.nextInt(4) == 0 ? '\'' : '"';
    unit = pick("  ", "  ", "    ", "\t", "");
    nested = rnd.nextBoolean();
    equals = pick(" = ", " = ", " = ", "=", "   =  ");
    if (!equals.equals(" = ")) {
      shape("unusual-spacing");
    }
    shape(unit.equals("\t") ? "tabs" : unit.isEmpty() ? "flat" : "spaces");
    StringBuilder top = new StringBuilder();
    if (rnd.nextInt(3) == 0) {
      top.append("# containerd config, managed by hand\n");
      shape("leading-comment");
    }
    if (version > 1) {
      top.append("version = ").append(version).append(comment()).append('\n');
    }
    if (rnd.nextBoolean()) {
      top.append("root = ").append(str("/var/lib/containerd")).append('\n');
    }
    if (version > 1 && rnd.nextInt(4) == 0) {
      String imp = pick("[]", "[" + str("conf.d/*.toml") + "]", "[\"/etc/containerd/conf.d/*.toml\"]");
      top.append("imports = ").append(imp).append('\n');
      shape(imp.equals("[]") ? "imports-empty" : imp.contains("/etc") ? "imports-absolute" : "imports-relative");
    }
    List<String> blocks = new ArrayList<>();
    if (rnd.nextBoolean()) {
      blocks.add("[grpc]\n" + unit + "address = " + str("/run/containerd/containerd.sock") + comment() + "\n");
    }
    List<String> plugins = new ArrayList<>();
    String cri = version == 1 ? "plugins.cri" : version == 2 ? "plugins." + q("io.containerd.grpc.v1.cri")
        : "plugins." + q("io.containerd.cri.v1.runtime");
    String criKey = cri.substring("plugins.".length());
    switch (pick("tables", "tables", "tables", "dotted", "dotted-inline", "dotted-under-plugins", "inline",
        "inline-entries",
        "cni-only", "no-cri", version < 3 && !containerd.equals("2.1") ? "default-runtime" : "tables")) {
      case "tables" -> tables(plugins, cri, version);
      case "dotted" -> {
        shape("dotted");
        plugins.add(header(cri, 1) + key(1, "containerd.snapshotter", str("overlayfs"))
            + (rnd.nextBoolean() ? key(1, "containerd.runtimes.runc.runtime_type", str("io.containerd.runc.v2"))
            + key(1, "containerd.runtimes.runc.options.SystemdCgroup", "true") : "")
            + (rnd.nextBoolean() ? key(1, "cni.bin_dir", str("/opt/cni/bin")) : ""));
      }
      case "dotted-inline" -> {
        shape("dotted-inline-runtimes");
        plugins.add(header(cri, 1) + key(1, "containerd.runtimes", "{ runc = { runtime_type = "
            + str("io.containerd.runc.v2") + " } }") + key(1, "containerd.default_runtime_name", str("runc")));
      }
      case "dotted-under-plugins" -> {
        shape("dotted-under-plugins");
        plugins.add("[plugins]\n" + key(1, criKey + ".containerd.runtimes.runc.runtime_type", str("io.containerd.runc.v2"))
            + key(1, criKey + ".containerd.default_runtime_name", str("runc")));
      }
      case "inline" -> {
        shape("inline-runtimes");
        String runtimes = rnd.nextInt(4) == 0 ? "{}" : "{ runc = { runtime_type = " + str("io.containerd.runc.v2")
            + (rnd.nextBoolean() ? ", options = { SystemdCgroup = true }" : "") + " }"
            + (rnd.nextBoolean() ? ", runsc = { runtime_type = " + str("io.containerd.runsc.v1") + " }" : "") + " }";
        plugins.add(header(cri + ".containerd", 2) + key(2, "snapshotter", str("overlayfs"))
            + key(2, "runtimes", runtimes) + (rnd.nextBoolean() ? "" : key(2, "default_runtime_name", str("runc"))));
      }
      case "inline-entries" -> {
        shape("inline-entries");
        plugins.add(header(cri + ".containerd.runtimes", 3) + key(3, "runc", "{ runtime_type = "
            + str("io.containerd.runc.v2") + " }") + (rnd.nextBoolean() ? key(3, "kata", "{runtime_type="
            + str("io.containerd.kata.v2") + "}") : ""));
      }
      case "cni-only" -> {
        shape("cni-only");
        plugins.add(header(cri, 1));
        plugins.add(header(cri + ".cni", 2) + key(2, "bin_dir", str("/usr/lib/cni"))
            + key(2, "conf_dir", str("/etc/cni/net.d")));
      }
      case "default-runtime" -> {
        shape("default-runtime-v1-era");
        plugins.add(header(cri + ".containerd", 2) + key(2, "snapshotter", str("overlayfs")));
        plugins.add(header(cri + ".containerd.default_runtime", 3) + key(3, "runtime_type",
            str("io.containerd.runc.v2")));
        plugins.add(header(cri + ".containerd.untrusted_workload_runtime", 3) + key(3, "runtime_type", str("")));
      }
      default -> shape("no-cri");
    }
    if (rnd.nextInt(4) == 0) {
      plugins.add(header("plugins." + q(version == 1 ? "diff-service" : "io.containerd.service.v1.diff-service"), 1)
          + key(1, "default", "[\n" + unit + unit + str("walking") + ", # the only one\n" + unit + "]"));
      shape("multi-line-array");
    }
    if (rnd.nextInt(5) == 0) {
      plugins.add(header("plugins." + q(version == 1 ? "x-notes" : "io.containerd.internal.v1.notes"), 1)
          + key(1, "text", "'''\n[plugins.fake]\nruntime_type = \"no\"\n'''"));
      shape("multi-line-string-with-fake-header");
    }
    if (rnd.nextBoolean()) {
      plugins.add(header("plugins." + q(version == 1 ? "opt" : "io.containerd.internal.v1.opt"), 1)
          + key(1, "path", str("/opt/containerd")));
    }
    if (rnd.nextInt(3) == 0) {
      Collections.shuffle(plugins, rnd);
      shape("shuffled-tables");
    }
    if (!shapes.contains("dotted-under-plugins") && rnd.nextInt(4) == 0) {
      plugins.add(0, "[plugins]\n");
      shape("plugins-parent-header");
    }
    blocks.addAll(plugins);
    if (version == 3 && rnd.nextInt(4) == 0) {
      blocks.add("[[plugins." + q("io.containerd.transfer.v1.local") + ".unpack_config]]\n"
          + unit + "platform = " + str("linux/amd64") + "\n" + unit + "snapshotter = " + str("overlayfs") + "\n");
      shape("array-of-tables");
    }
    StringBuilder sb = new StringBuilder(top);
    for (String b : blocks) {
      sb.append(pick("\n", "\n", "", "\n\n"));
      if (rnd.nextInt(5) == 0) {
        sb.append("# ").append(pick("runtimes follow", "kept by config management", "see runbook")).append('\n');
      }
      sb.append(b);
    }
    String text = sb.toString();
    if (rnd.nextInt(6) == 0 && text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
      shape("no-final-newline");
    }
    if (rnd.nextInt(6) == 0) {
      text = text.replace("\n", "\r\n");
      shape("crlf");
    }
    String runtime = rnd.nextInt(5) == 0 ? "gvisor" : "runsc";
    String shim = rnd.nextBoolean() ? "/etc/containerd/runsc.toml" : null;
    return new Case(index, text, containerd, runtime, shim, List.copyOf(shapes));
  }

  private void tables(List<String> plugins, String cri, int version) {
    shape("tables");
    if (rnd.nextBoolean()) {
      plugins.add(header(cri, 1) + (version == 3 ? "" : key(1, "sandbox_image", str("registry.k8s.io/pause:3.9"))));
    }
    plugins.add(header(cri + ".containerd", 2) + key(2, "snapshotter", str("overlayfs"))
        + (rnd.nextBoolean() ? key(2, "default_runtime_name", str("runc")) : ""));
    boolean runtimesHeader = rnd.nextInt(3) == 0;
    if (runtimesHeader) {
      plugins.add(header(cri + ".containerd.runtimes", 3));
      shape("runtimes-header");
    }
    if (rnd.nextInt(5) != 0) {
      plugins.add(header(cri + ".containerd.runtimes.runc", 4) + key(4, "runtime_type", str("io.containerd.runc.v2")));
      if (rnd.nextBoolean()) {
        boolean quotedKey = rnd.nextInt(4) == 0;
        boolean empty = rnd.nextInt(5) == 0;
        plugins.add(header(cri + ".containerd.runtimes.runc.options", 5)
            + (empty ? "" : key(5, quotedKey ? "\"SystemdCgroup\"" : "SystemdCgroup", "true")));
        shape(empty ? "empty-table" : quotedKey ? "quoted-key" : "options-table");
      }
    } else {
      shape("no-runc");
    }
    if (rnd.nextInt(4) == 0) {
      plugins.add(header(cri + ".containerd.runtimes.nvidia", 4) + key(4, "runtime_type", str("io.containerd.runc.v2"))
          + key(4, "options.BinaryName", str("/usr/bin/nvidia-container-runtime")));
      shape("other-runtime");
    }
    if (rnd.nextInt(5) == 0) {
      String type = rnd.nextBoolean() ? "io.containerd.runsc.v1" : "io.containerd.runc.v2";
      plugins.add(header(cri + ".containerd.runtimes.runsc", 4) + key(4, "runtime_type", str(type))
          + key(4, "pod_annotations", "[" + str("dev.gvisor.*") + "]"));
      shape("existing-runsc");
    }
    if (rnd.nextBoolean()) {
      plugins.add(header(cri + ".cni", 2) + key(2, "bin_dir", str("/opt/cni/bin")));
    }
  }

  private String header(String path, int depth) {
    return (nested ? unit.repeat(depth) : "") + "[" + path + "]" + comment() + "\n";
  }

  private String key(int depth, String k, String v) {
    return (nested ? unit.repeat(depth) : "") + unit + k + equals + v + comment() + "\n";
  }

  private String comment() {
    if (rnd.nextInt(8) != 0) {
      return "";
    }
    shape("trailing-comment");
    return pick(" # why", "  # set by ops", "\t# keep");
  }

  private String q(String key) {
    return key.contains(".") ? hq + key + hq : key;
  }

  private String str(String v) {
    return vq + v + vq;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  private void shape(String s) {
    if (!shapes.contains(s)) {
      shapes.add(s);
    }
  }
}
