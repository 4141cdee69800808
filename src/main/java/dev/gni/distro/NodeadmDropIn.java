package dev.gni.distro;

import dev.gni.containerd.config.ConfigSchema;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.containerd.config.RuntimeTables;
import dev.gni.host.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * EKS AL2023: nodeadm rewrites /etc/containerd/config.toml at every boot. Where the AMI's
 * {@code nodeadm-run.service} passes {@code --config-source file:///etc/eks/nodeadm.d/}, nodeadm merges every
 * NodeConfig in that folder at boot and deep-merges {@code spec.containerd.config} (inline TOML) into the config
 * it writes (amazon-eks-ami nodeadm/internal/containerd/config.go). Then a NodeConfig drop-in carrying the
 * runtime's tables makes the runtime survive every reboot. Support is read from the unit that runs at boot,
 * not from the nodeadm version: older AMIs run {@code nodeadm init --skip config} with no file source and
 * ignore the folder (and nodeadm's built-in default sources are {@code imds://user-data} only).
 */
public final class NodeadmDropIn {
  static final String DIR = "/etc/eks/nodeadm.d";
  static final String SOURCE = "file://" + DIR;
  static final String HEADER = "# Written by gvisor-node-installer: nodeadm merges this into containerd's config at every boot.\n"
      + "# uninstall removes it.\n";

  private NodeadmDropIn() {
  }

  public static String path(String runtime) {
    return DIR + "/99-gvisor-" + runtime + ".yaml";
  }

  /**
   * Whether nodeadm writes containerd's config from a config that includes the folder at boot. nodeadm writes
   * containerd's config in its config phase (nodeadm/cmd/nodeadm/init/init.go). On AMIs that read the folder,
   * nodeadm-run.service runs {@code init --skip config} with the folder as a source; it re-runs the config phase
   * only when the config it resolves differs from the one cached by nodeadm-config.service, so both units must
   * name the same {@code --config-cache} (nodeadm/internal/cli/config.go, test/e2e/cases/config-cache/run.sh).
   *
   * @return the unit file(s) that make it so; empty when nodeadm here ignores the folder
   */
  public static Optional<String> supportedBy(HostFiles host) {
    Optional<Unit> config = unit(host, "nodeadm-config");
    if (config.isPresent() && readsFolder(config.get().exec())) {
      return Optional.of(config.get().path());
    }
    Optional<Unit> run = unit(host, "nodeadm-run");
    if (run.isEmpty() || !readsFolder(run.get().exec())) {
      return Optional.empty();
    }
    if (!run.get().exec().matches(".*--skip[ =]config\\b.*")) {
      return Optional.of(run.get().path());
    }
    Optional<String> cache = flag(run.get().exec(), "--config-cache");
    if (cache.isPresent() && config.isPresent() && cache.equals(flag(config.get().exec(), "--config-cache"))) {
      return Optional.of(run.get().path() + " with " + config.get().path() + "'s --config-cache " + cache.get());
    }
    return Optional.empty();
  }

  /** The drop-in to write, or empty when nodeadm here does not read drop-ins (reasons say which). */
  public static Optional<PersistFile> plan(HostFiles host, ConfigSchema schema, RuntimeSpec spec, List<String> reasons) {
    Optional<String> unit = supportedBy(host);
    if (unit.isEmpty()) {
      reasons.add("nodeadm on this AMI does not read " + DIR + "/ at boot (nodeadm-run.service with --config-source "
          + SOURCE + "/ and nodeadm-config.service with the same --config-cache): nodeadm drops the runtime at every"
          + " reboot until this installer runs again");
      return Optional.empty();
    }
    Optional<String> before = host.read(path(spec.name())).map(b -> new String(b, StandardCharsets.UTF_8));
    if (before.isPresent() && !before.get().startsWith(HEADER)) {
      reasons.add(path(spec.name()) + " exists and was not written by the installer: left alone, so nodeadm drops the"
          + " runtime at every reboot until this installer runs again");
      return Optional.empty();
    }
    reasons.add("also " + path(spec.name()) + ": " + unit.get() + " reads " + DIR + "/ at boot, so nodeadm keeps the"
        + " runtime across reboots");
    String after = render(schema, spec);
    return Optional.of(new PersistFile(path(spec.name()), before, after));
  }

  /** The NodeConfig: a header, then spec.containerd.config with the runtime's tables as a YAML literal block. */
  static String render(ConfigSchema schema, RuntimeSpec spec) {
    StringBuilder sb = new StringBuilder(HEADER)
        .append("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  containerd:\n    config: |\n");
    RuntimeTables.render(schema, spec).lines().forEach(l -> sb.append("      ").append(l).append('\n'));
    return sb.toString();
  }

  /** Removes the drop-in if this installer wrote it (its header says so). */
  public static boolean remove(HostFiles host, String runtime) {
    String p = path(runtime);
    boolean ours = host.read(p).map(b -> new String(b, StandardCharsets.UTF_8).startsWith(HEADER)).orElse(false);
    if (ours) {
      host.delete(p);
    }
    return ours;
  }

  private record Unit(String path, String exec) {
  }

  private static boolean readsFolder(String execStart) {
    return (" " + execStart + " ").matches(".*[ =,]" + java.util.regex.Pattern.quote(SOURCE) + "/?[ ,].*");
  }

  private static Optional<String> flag(String execStart, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "[ =](\\S+)").matcher(execStart);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The unit's effective ExecStart: its own, overridden by its drop-ins in name order. */
  private static Optional<Unit> unit(HostFiles host, String name) {
    for (String dir : Detector.UNIT_DIRS) {
      String path = dir + "/" + name + ".service";
      Optional<byte[]> text = host.read(path);
      if (text.isEmpty()) {
        continue;
      }
      String exec = execStart(text.get()).orElse("");
      for (String d : Detector.UNIT_DIRS) {
        String dropIns = d + "/" + name + ".service.d";
        for (String f : host.list(dropIns)) {
          if (f.endsWith(".conf")) {
            exec = host.read(dropIns + "/" + f).flatMap(NodeadmDropIn::execStart).orElse(exec);
          }
        }
      }
      return Optional.of(new Unit(path, exec));
    }
    return Optional.empty();
  }

  private static Optional<String> execStart(byte[] unitText) {
    String last = null;
    for (String line : new String(unitText, StandardCharsets.UTF_8).lines().toList()) {
      String l = line.strip();
      if (l.startsWith("ExecStart=")) {
        String v = l.substring("ExecStart=".length()).strip();
        last = v.isEmpty() ? null : v;
      }
    }
    return Optional.ofNullable(last);
  }
}
