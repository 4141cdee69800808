package dev.gni.flow;

import dev.gni.containerd.ContainerdHealth;
import dev.gni.containerd.Restarter;
import dev.gni.containerd.cri.Canary;
import dev.gni.host.BootId;
import dev.gni.host.Checkpoints;
import dev.gni.host.HostExec;
import dev.gni.host.HostFiles;
import dev.gni.kube.NodeReporter;
import java.io.PrintStream;

/**
 * Everything a flow touches, each behind its interface, so that the whole flow runs in tests against a
 * temporary host root, a real containerd started by the test, and a mock Kubernetes API.
 */
public record Node(HostFiles files, HostExec exec, Restarter restarter, ContainerdHealth containerd, Canary canary,
                   NodeReporter reporter, Checkpoints checkpoints, PrintStream out, BootId bootId) {
  /** This node, booted as the kernel says. */
  public Node(HostFiles files, HostExec exec, Restarter restarter, ContainerdHealth containerd, Canary canary,
              NodeReporter reporter, Checkpoints checkpoints, PrintStream out) {
    this(files, exec, restarter, containerd, canary, reporter, checkpoints, out, BootId.kernel());
  }
}
