package dev.gni.flow;

import dev.gni.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real CLI in-process against a host root, with no restart and no Kubernetes. */
record CliRun(int code, String out, String err) {
  static CliRun run(Path host, Path release, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--host-root", host.toString(), "--binaries-dir", release.toString(), "--restart", "none",
        "--no-node-label", "--host-exec", "direct", "--containerd-version", "1.7", "--canary=false"));
    if (!all.isEmpty() && all.get(0).equals("uninstall") && !all.contains("--force")) {
      // no containerd runs here, so uninstall's sandbox guard cannot list sandboxes and would refuse
      // (SandboxGuardTest, UninstallGuardFlowTest and the e2e test prove the guard itself)
      all.add("--force");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
