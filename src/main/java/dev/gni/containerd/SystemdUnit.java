package dev.gni.containerd;

import dev.gni.host.HostExec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A systemd unit as {@code systemctl show} reports it, read through the host command channel: the properties
 * that decide whether a restart of containerd is safe ({@code KillMode}) and whether systemd will start it at
 * all (the start limit: {@code ActiveState=failed}, {@code Result=start-limit-hit}).
 */
public final class SystemdUnit {
  static final List<String> PROPERTIES = List.of("LoadState", "ActiveState", "SubState", "Result", "KillMode",
      "MainPID");

  private final HostExec exec;
  private final String name;
  private final Duration timeout;

  public SystemdUnit(HostExec exec, String name, Duration timeout) {
    this.exec = exec;
    this.name = name;
    this.timeout = timeout;
  }

  public String name() {
    return name;
  }

  /** The unit's state; empty when systemd cannot be asked (no systemctl, no systemd on the host). */
  public Optional<State> show() {
    List<String> argv = new ArrayList<>(List.of("systemctl", "show", name));
    PROPERTIES.forEach(p -> argv.addAll(List.of("-p", p)));
    HostExec.ExecResult r = exec.run(argv, timeout);
    if (!r.ok()) {
      return Optional.empty();
    }
    Map<String, String> props = new LinkedHashMap<>();
    r.stdout().lines().forEach(line -> {
      int eq = line.indexOf('=');
      if (eq > 0) {
        props.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    });
    return props.containsKey("ActiveState") ? Optional.of(new State(name, props)) : Optional.empty();
  }

  /** The properties of {@link #PROPERTIES} as systemd reported them; an absent one reads as "". */
  public record State(String unit, Map<String, String> props) {
    public String get(String property) {
      return props.getOrDefault(property, "");
    }

    public String killMode() {
      return get("KillMode");
    }

    /**
     * {@code control-group} (systemd's default) and {@code mixed} kill every process left in the unit's
     * cgroup when it stops: the shims of running containers, and with them the containers.
     */
    public boolean restartKillsContainers() {
      // systemctl shows defaults (KillMode=control-group) for a unit it cannot find: that one is no answer
      return get("LoadState").equals("loaded") && (killMode().equals("control-group") || killMode().equals("mixed"));
    }

    /** systemd refuses to start the unit until {@code systemctl reset-failed}: it was started too often. */
    public boolean startLimitHit() {
      return get("Result").equals("start-limit-hit");
    }

    /** e.g. {@code containerd.service is failed (SubState=failed, Result=start-limit-hit)}. */
    public String summary() {
      return unit + " is " + get("ActiveState") + " (SubState=" + get("SubState") + ", Result=" + get("Result") + ")";
    }
  }
}
