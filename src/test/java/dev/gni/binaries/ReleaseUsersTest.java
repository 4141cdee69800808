package dev.gni.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReleaseUsers#proc} on a procfs laid out as the kernel shows it ({@code <pid>/exe} a symlink,
 * {@code <pid>/cmdline} NUL-separated), with the command lines of a real runsc shim, sandbox and gofer. A
 * stand-in for /proc (a temporary tree): the real /proc is read by the e2e test (UpgradeUnderLivePodsTest).
 */
class ReleaseUsersTest {
  private static final String POD = "028deb7421740eba9730bff40a6bf43c964dcd608f18534dc94b5f9fa36ec03a";
  private static final String CTR = "8ed9d5a9f83db6dab0d6804ab6b1b31b1132dc5eff08d7529db0c03062059794";
  private static final String HOST = "/opt/gvisor-node-installer/releases";

  @Test
  void byRelease_shimSandboxAndGofer_namesTheirContainerIdsUnderTheirRelease(@TempDir Path tmp) throws IOException {
    Path proc = tmp.resolve("proc");
    process(proc, 10, HOST + "/aaaa/containerd-shim-runsc-v1",
        "containerd-shim-runsc-v1", "-namespace", "k8s.io", "-id", POD, "-address", "/run/containerd/containerd.sock");
    process(proc, 11, HOST + "/aaaa/runsc",
        "runsc-sandbox", "--root=/run/containerd/runsc/k8s.io", "boot", "--bundle=/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + POD, POD);
    process(proc, 12, HOST + "/bbbb/runsc (deleted)",
        "runsc-gofer", "gofer", "--bundle", "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + CTR);
    process(proc, 13, "/usr/bin/containerd", "containerd", POD); // not a release file
    process(proc, 14, HOST + "/cccc/runsc", "runsc", "--version"); // a release used without a container
    process(proc, 15, HOST + "/dddd", "odd", CTR); // the releases folder's entry itself, not a file in it
    Files.createDirectories(proc.resolve("self")); // not a PID

    Map<String, Set<String>> users = ReleaseUsers.proc(proc).byRelease(HOST, tmp.resolve("host" + HOST));

    assertEquals(Map.of("aaaa", Set.of(POD), "bbbb", Set.of(CTR), "cccc", Set.of()), users);
  }

  @Test
  void byRelease_exeUnderTheHostRootSpelling_counts(@TempDir Path tmp) throws IOException {
    Path proc = tmp.resolve("proc");
    Path local = tmp.resolve("host" + HOST);
    process(proc, 20, local + "/aaaa/runsc", "runsc-sandbox", "boot", POD);

    assertEquals(Map.of("aaaa", Set.of(POD)), ReleaseUsers.proc(proc).byRelease(HOST, local));
  }

  @Test
  void byRelease_unreadableProc_failsWithItsPath(@TempDir Path tmp) {
    Path missing = tmp.resolve("no-proc");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ReleaseUsers.proc(missing).byRelease(HOST, tmp));
    assertEquals(true, e.getMessage().startsWith("cannot list " + missing), e.getMessage());
  }

  private static void process(Path proc, int pid, String exe, String... argv) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
    Files.write(dir.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
  }
}
