package dev.gni.containerd.cri;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Canary} over CRI: runs one pod sandbox with the handler, checks that CRI reports it
 * {@code SANDBOX_READY} with that handler, then stops and removes it. Cleanup always runs, also after a
 * failure or timeout: sandboxes are found again by a per-run label, so even one whose
 * {@code RunPodSandbox} reply was lost is removed.
 */
public final class CriCanary implements Canary {
  /** Pod namespace and label values that mark the installer's canary sandboxes. */
  public static final String NAMESPACE = "gvisor-node-installer";
  public static final String RUN_LABEL = "gvisor-node-installer.dev/canary-run";
  /** Time allowed for stop and remove, on top of the run timeout. */
  static final Duration CLEANUP_BUDGET = Duration.ofSeconds(30);

  private final String socketPath;
  private final Optional<ShimNotOnPath> shimHint;
  private final boolean nodeNetwork;

  /** A canary in the node's network namespace (no CNI needed): for runtimes that accept it, such as runc. */
  public CriCanary(String socketPath) {
    this(socketPath, null, true);
  }

  /**
   * @param shimHint    explains a shim missing from containerd's PATH; null for none
   * @param nodeNetwork the sandbox shares the node's network namespace (no CNI); else it gets a pod network
   *                    namespace from the node's CNI, as every ordinary pod does ({@link #nodeNetworkAccepted})
   */
  public CriCanary(String socketPath, ShimNotOnPath shimHint, boolean nodeNetwork) {
    this.socketPath = socketPath;
    this.shimHint = Optional.ofNullable(shimHint);
    this.nodeNetwork = nodeNetwork;
  }

  /**
   * Whether runsc with these flags runs a sandbox in the node's network namespace. With its default network
   * mode ({@code sandbox}, gVisor's own network stack) it refuses: {@code cannot run with network enabled in root
   * network namespace} (seen on a real systemd node, docs/operations.md), so the canary then takes a pod
   * network namespace from CNI like any pod; the installer's own pod got one the same way before it ran. With
   * {@code network=none} or {@code network=host} the node's namespace is accepted and no CNI is involved.
   */
  public static boolean nodeNetworkAccepted(Map<String, String> runscFlags) {
    String network = runscFlags.getOrDefault("network", "sandbox");
    return network.equals("none") || network.equals("host");
  }

  @Override
  public Duration run(String handler, Duration timeout) {
    String uid = UUID.randomUUID().toString();
    String name = "gni-canary-" + uid.substring(0, 8);
    SandboxSpec spec = new SandboxSpec(name, uid, NAMESPACE, 0,
        "/var/log/pods/" + NAMESPACE + "_" + name + "_" + uid, Map.of(RUN_LABEL, uid), nodeNetwork);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String failure = null;
    String sandboxId = null;
    try (CriClient cri = connect(handler)) {
      try {
        sandboxId = cri.runPodSandbox(spec, handler, remaining(deadline));
        SandboxInfo info = cri.podSandboxStatus(sandboxId, remaining(deadline));
        failure = verdict(info, handler);
      } catch (CriException e) {
        failure = e.getMessage();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      List<String> leftovers = cleanUp(cri, sandboxId, uid);
      if (failure != null) {
        throw new CanaryFailedException(failureMessage(shimHint, handler, failure, leftovers));
      }
      if (!leftovers.isEmpty()) {
        throw new CanaryFailedException("canary pod sandbox with runtime handler '" + handler
            + "' ran but could not be removed: " + String.join("; ", leftovers));
      }
      return took;
    }
  }

  /** CRI's error text, after the explanation of a shim missing from containerd's PATH when that is the case. */
  static String failureMessage(Optional<ShimNotOnPath> hint, String handler, String failure, List<String> leftovers) {
    String first = hint.flatMap(h -> h.explain(failure)).map(why -> why + "; ").orElse("");
    return first + "canary pod sandbox with runtime handler '" + handler + "' failed: " + failure
        + (leftovers.isEmpty() ? "" : "; cleanup also failed: " + String.join("; ", leftovers));
  }

  private CriClient connect(String handler) {
    try {
      return CriClient.connect(socketPath);
    } catch (CriException e) {
      throw new CanaryFailedException("canary pod sandbox with runtime handler '" + handler + "' failed: "
          + e.getMessage());
    }
  }

  /**
   * @return null when the sandbox is ready and CRI says it runs with the handler (containerd 1.6 and later
   *     always say), else what is wrong
   */
  static String verdict(SandboxInfo info, String handler) {
    if (info.state() != SandboxInfo.State.READY) {
      return "sandbox " + info.id() + " is " + info.state() + ", not SANDBOX_READY";
    }
    if (!info.runtimeHandler().equals(handler)) {
      return "sandbox " + info.id() + " runs with handler '" + info.runtimeHandler() + "', not '" + handler + "'";
    }
    return null;
  }

  /** Stops and removes the sandbox and any other of this run's; @return what could not be removed */
  private static List<String> cleanUp(CriClient cri, String knownId, String uid) {
    long deadline = System.nanoTime() + CLEANUP_BUDGET.toNanos();
    List<String> ids = new ArrayList<>();
    if (knownId != null) {
      ids.add(knownId);
    }
    List<String> errors = new ArrayList<>();
    try {
      for (SandboxInfo s : cri.listPodSandbox(Map.of(RUN_LABEL, uid), remaining(deadline))) {
        if (!ids.contains(s.id())) {
          ids.add(s.id());
        }
      }
    } catch (CriException e) {
      errors.add(e.getMessage());
    }
    for (String id : ids) {
      try {
        cri.stopPodSandbox(id, remaining(deadline));
        cri.removePodSandbox(id, remaining(deadline));
      } catch (CriException e) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
  }
}
