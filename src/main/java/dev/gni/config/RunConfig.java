package dev.gni.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** One run's settings, validated and typed. Built by {@link CommandLine}. */
public final class RunConfig {
  public enum RestartMode { SYSTEMD, COMMAND, NONE }

  public enum HostExecMode { NSENTER, DIRECT }

  public enum Format { TEXT, JSON }

  /** How the node shows that gVisor is ready: the ready label, or also the removal of a startup taint. */
  public enum Readiness { LABEL, TAINT }

  private static final Pattern RUNTIME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final Pattern FLAG_KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern LABEL_PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private final Command command;
  private final Map<Option, List<String>> values;
  private final Map<String, String> runscFlags;

  private RunConfig(Command command, Map<Option, List<String>> values) {
    this.command = command;
    this.values = values;
    this.runscFlags = parseRunscFlags(values.getOrDefault(Option.RUNSC_FLAG, List.of()));
    validate();
  }

  static RunConfig from(Command command, Map<Option, List<String>> values) {
    return new RunConfig(command, values);
  }

  /** A config for tests and tools: the command plus option values by option. */
  public static RunConfig of(Command command, Map<Option, String> single) {
    Map<Option, List<String>> m = new java.util.EnumMap<>(Option.class);
    single.forEach((k, v) -> m.put(k, k.repeatable() ? List.of(v.split(",")) : List.of(v)));
    return new RunConfig(command, m);
  }

  private void validate() {
    if (!RUNTIME_NAME.matcher(runtimeName()).matches()) {
      throw new UsageException("--runtime-name '" + runtimeName() + "' is not a valid runtime handler name");
    }
    if (!LABEL_PREFIX.matcher(labelPrefix()).matches()) {
      throw new UsageException("--label-prefix '" + labelPrefix() + "' is not a DNS subdomain");
    }
    if (restartMode() == RestartMode.COMMAND && restartCommand().isEmpty()) {
      throw new UsageException("--restart command needs --restart-command");
    }
    restartTimeout();
    allowContainerKill();
    canaryTimeout();
    cleanupTimeout();
    release();
    hostExecMode();
    logFormat();
    outputFormat();
    readiness();
    interval();
    containerdVersion();
    if (!installDir().startsWith("/")) {
      throw new UsageException("--install-dir must be an absolute host path");
    }
    containerdConfig().ifPresent(p -> {
      if (!p.startsWith("/")) {
        throw new UsageException("--containerd-config must be an absolute host path");
      }
    });
  }

  private String get(Option o, String dflt) {
    List<String> v = values.get(o);
    return v == null || v.isEmpty() ? dflt : v.get(v.size() - 1);
  }

  private Optional<String> opt(Option o) {
    return Optional.ofNullable(get(o, null));
  }

  private boolean bool(Option o, boolean dflt) {
    String v = get(o, null);
    if (v == null) {
      return dflt;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new UsageException(o.flag() + " takes true or false, not '" + v + "'");
    };
  }

  private <E extends Enum<E>> E choice(Option o, Class<E> type, String dflt) {
    String v = get(o, dflt);
    try {
      return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : "|").append(c.name().toLowerCase(java.util.Locale.ROOT));
      }
      throw new UsageException(o.flag() + " must be " + allowed + ", not '" + v + "'");
    }
  }

  private Duration seconds(Option o, int dflt) {
    String v = get(o, String.valueOf(dflt));
    try {
      int s = Integer.parseInt(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
      if (s <= 0 || s > 3600) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new UsageException(o.flag() + " must be a number of seconds from 1 to 3600, not '" + v + "'");
    }
  }

  private static Map<String, String> parseRunscFlags(List<String> raw) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : raw) {
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq);
      key = key.startsWith("--") ? key.substring(2) : key;
      if (eq < 0 || !FLAG_KEY.matcher(key).matches()) {
        throw new UsageException("--runsc-flag must be KEY=VALUE with a runsc flag name, not '" + kv + "'");
      }
      m.put(key, kv.substring(eq + 1));
    }
    return Collections.unmodifiableMap(m);
  }

  public Command command() {
    return command;
  }

  public Path hostRoot() {
    return Path.of(get(Option.HOST_ROOT, "/host"));
  }

  public Optional<Path> binariesDir() {
    return opt(Option.BINARIES_DIR).map(Path::of);
  }

  public String installDir() {
    return get(Option.INSTALL_DIR, "/usr/local/bin");
  }

  public Optional<String> containerdConfig() {
    return opt(Option.CONTAINERD_CONFIG);
  }

  public Optional<String> containerdVersion() {
    Optional<String> v = opt(Option.CONTAINERD_VERSION);
    v.ifPresent(s -> {
      if (!s.matches("\\d+\\.\\d+(\\.\\d+)?")) {
        throw new UsageException("--containerd-version must look like 1.7 or 2.1, not '" + s + "'");
      }
    });
    return v;
  }

  public String containerdSocket() {
    return get(Option.CONTAINERD_SOCKET, "/run/containerd/containerd.sock");
  }

  public String runtimeName() {
    return get(Option.RUNTIME_NAME, "runsc");
  }

  public Map<String, String> runscFlags() {
    return runscFlags;
  }

  public RestartMode restartMode() {
    return choice(Option.RESTART, RestartMode.class, "systemd");
  }

  /** --containerd-socket when given (else the distribution's socket). */
  public Optional<String> containerdSocketOverride() {
    return opt(Option.CONTAINERD_SOCKET);
  }

  public Optional<String> restartUnit() {
    return opt(Option.RESTART_UNIT);
  }

  public List<String> restartCommand() {
    String v = get(Option.RESTART_COMMAND, "").strip();
    return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
  }

  public boolean allowContainerKill() {
    return bool(Option.ALLOW_CONTAINER_KILL, false);
  }

  public Duration restartTimeout() {
    return seconds(Option.RESTART_TIMEOUT, 60);
  }

  public HostExecMode hostExecMode() {
    return choice(Option.HOST_EXEC, HostExecMode.class, "nsenter");
  }

  public boolean verifySandbox() {
    return bool(Option.VERIFY_SANDBOX, false);
  }

  public boolean canary() {
    return bool(Option.CANARY, true);
  }

  public boolean canaryEveryRun() {
    return bool(Option.CANARY_EVERY_RUN, false);
  }

  /** status runs the canary only when asked: --canary (or GNI_CANARY) given, and true. */
  public boolean canaryRequested() {
    return values.containsKey(Option.CANARY) && canary();
  }

  public Duration canaryTimeout() {
    return seconds(Option.CANARY_TIMEOUT, 60);
  }

  public boolean nodeLabel() {
    return !bool(Option.NO_NODE_LABEL, false);
  }

  public Optional<String> nodeName() {
    return opt(Option.NODE_NAME);
  }

  public Optional<String> kubeconfig() {
    return opt(Option.KUBECONFIG);
  }

  public String labelPrefix() {
    return get(Option.LABEL_PREFIX, "gvisor.dev");
  }

  public Readiness readiness() {
    return choice(Option.READINESS, Readiness.class, "label");
  }

  /** watch: the time between two checks. */
  public Duration interval() {
    return seconds(Option.INTERVAL, 30);
  }

  public Path readyFile() {
    return Path.of(get(Option.READY_FILE, "/run/gvisor-node-installer/ready"));
  }

  public Optional<String> podName() {
    return opt(Option.POD_NAME).filter(n -> !n.isBlank());
  }

  public Optional<String> podNamespace() {
    return opt(Option.POD_NAMESPACE).filter(n -> !n.isBlank());
  }

  public Optional<String> distribution() {
    return opt(Option.DISTRIBUTION);
  }

  public boolean upgradeRunningPods() {
    return bool(Option.UPGRADE_RUNNING_PODS, false);
  }

  public boolean allowUnverified() {
    return bool(Option.ALLOW_UNVERIFIED, false);
  }

  public String release() {
    String r = get(Option.RELEASE, "");
    if (command == Command.CLEANUP && r.isBlank()) {
      throw new UsageException("cleanup needs --release (the Helm release name)");
    }
    return r;
  }

  public Duration cleanupTimeout() {
    return seconds(Option.CLEANUP_TIMEOUT, 300);
  }

  public boolean force() {
    return bool(Option.FORCE, false);
  }

  public boolean dryRun() {
    return bool(Option.DRY_RUN, false);
  }

  public Format outputFormat() {
    return choice(Option.OUTPUT, Format.class, "text");
  }

  public Format logFormat() {
    return choice(Option.LOG_FORMAT, Format.class, "text");
  }
}
