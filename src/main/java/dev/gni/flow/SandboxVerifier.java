package dev.gni.flow;

import dev.gni.config.RunConfig;
import dev.gni.containerd.cri.CanaryFailedException;
import dev.gni.host.HostExec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --verify-sandbox}: runs the installed runsc on the host through the host command channel,
 * {@code runsc --network=none [--platform=P] do true}, so a host where gVisor cannot start a sandbox at all
 * (no usable platform, seccomp or namespace limits) fails here with runsc's own error line. The platform
 * follows {@code --runsc-flag platform=...} when given, as the shim's runsc.toml does.
 */
final class SandboxVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxVerifier.class);

  private final RunConfig cfg;
  private final Node node;

  SandboxVerifier(RunConfig cfg, Node node) {
    this.cfg = cfg;
    this.node = node;
  }

  /** @throws CanaryFailedException with the command, its exit code and runsc's first error line */
  Duration verify() {
    List<String> argv = argv();
    Instant start = Instant.now();
    HostExec.ExecResult r = node.exec().run(argv, cfg.canaryTimeout());
    String shown = String.join(" ", node.exec().commandLine(argv));
    if (!r.ok()) {
      throw new CanaryFailedException("sandbox check failed: " + shown + " exited " + r.exitCode() + ": "
          + r.firstErrorLine());
    }
    Duration took = Duration.between(start, Instant.now());
    LOG.info("sandbox check: {} ran in {} ms", shown, took.toMillis());
    return took;
  }

  List<String> argv() {
    List<String> argv = new ArrayList<>(List.of(runscPath(), "--network=none"));
    String platform = cfg.runscFlags().get("platform");
    if (platform != null) {
      argv.add("--platform=" + platform);
    }
    argv.addAll(List.of("do", "true"));
    return argv;
  }

  /** The host path through nsenter; with --host-exec direct the host is only mounted, so its local path. */
  private String runscPath() {
    String hostPath = cfg.installDir() + "/runsc";
    return cfg.hostExecMode() == RunConfig.HostExecMode.NSENTER ? hostPath : node.files().local(hostPath).toString();
  }
}
