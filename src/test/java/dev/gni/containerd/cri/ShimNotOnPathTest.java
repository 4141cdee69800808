package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ShimNotOnPath} on a /proc tree laid out like the kernel's (comm, environ, net/unix, fd links). The
 * real /proc case (a containerd daemon with its own PATH) is covered by InstallerEndToEndTest.
 */
class ShimNotOnPathTest {
  private static final String SOCK = "/run/containerd/containerd.sock";
  private static final String CRI_ERROR = "UNKNOWN: failed to create containerd task: failed to start shim: "
      + "failed to resolve runtime path: runtime \"io.containerd.runsc.v1\" binary not installed "
      + "\"containerd-shim-runsc-v1\": file does not exist";

  @TempDir
  Path proc;

  @Test
  void namesThePathOfTheContainerdThatListensOnTheSocket() throws IOException {
    process(100, "containerd", "/other/bin:/bin", "/tmp/other.sock", 7);
    process(200, "containerd", "/usr/bin:/bin", SOCK, 9);
    process(300, "bash", "/usr/local/bin:/usr/bin", SOCK, 11);

    assertEquals(Optional.of("containerd cannot find containerd-shim-runsc-v1: its PATH is /usr/bin:/bin, which does"
            + " not include /usr/local/bin where the shim was linked; add it to containerd's unit"
            + " (Environment=PATH=...) or pass --install-dir with a directory on it"),
        hint().explain(CRI_ERROR));
  }

  @Test
  void theOnlyContainerdIsTakenWhenNoneListensOnTheSocket() throws IOException {
    process(100, "containerd", "/usr/sbin:/usr/bin", "/somewhere/else.sock", 7);

    String why = hint().explain(CRI_ERROR).orElseThrow();

    assertEquals(true, why.contains(": its PATH is /usr/sbin:/usr/bin, which does not include /usr/local/bin"), why);
  }

  @Test
  void installDirOnThePath_saysContainerdDoesNotSeeTheShimThere() throws IOException {
    process(100, "containerd", "/usr/local/bin:/usr/bin", SOCK, 7);

    String why = hint().explain(CRI_ERROR).orElseThrow();

    assertEquals(true, why.contains("which includes /usr/local/bin where the shim was linked, yet"), why);
  }

  @Test
  void unreadableProcOrSeveralUnmatchedDaemons_fallsBackToTheInstallDir() throws IOException {
    process(100, "containerd", "/a", "/x.sock", 7);
    process(200, "containerd", "/b", "/y.sock", 9);

    assertEquals(Optional.of("containerd cannot find containerd-shim-runsc-v1 on its PATH (its environment could not"
            + " be read from " + proc + "); the shim was linked in /usr/local/bin: add it to containerd's unit"
            + " (Environment=PATH=...) or pass --install-dir with a directory on it"),
        hint().explain(CRI_ERROR));
  }

  @Test
  void otherCanaryFailures_areNotExplained() {
    assertEquals(Optional.empty(), hint().explain("UNKNOWN: failed to start shim: start failed: exit status 1"));
    assertEquals(Optional.empty(), hint().explain("no runtime for \"runsc\" is configured"));
    assertEquals(Optional.empty(), hint().explain(null));
  }

  @Test
  void criCanaryPutsTheExplanationFirstAndKeepsCrisText() throws IOException {
    process(100, "containerd", "/usr/bin:/bin", SOCK, 7);
    String msg = CriCanary.failureMessage(Optional.of(hint()), "runsc", CRI_ERROR, List.of());

    assertEquals(true, msg.startsWith("containerd cannot find containerd-shim-runsc-v1: its PATH is /usr/bin:/bin,"), msg);
    assertEquals(true, msg.endsWith("; canary pod sandbox with runtime handler 'runsc' failed: " + CRI_ERROR), msg);
  }

  private ShimNotOnPath hint() {
    return new ShimNotOnPath(proc, "/usr/local/bin", List.of(SOCK, "/host" + SOCK));
  }

  /** /proc/PID with comm, environ, net/unix (one listening socket at {@code socket}) and fd/3 holding it. */
  private void process(int pid, String comm, String path, String socket, long inode) throws IOException {
    Path p = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(p.resolve("comm"), comm + "\n");
    Files.writeString(p.resolve("environ"), "HOME=/root\0PATH=" + path + "\0LANG=C\0");
    Files.createDirectories(p.resolve("net"));
    Files.writeString(p.resolve("net/unix"), "Num       RefCount Protocol Flags    Type St Inode Path\n"
        + "0000000000000000: 00000002 00000000 00010000 0001 01 " + inode + " " + socket + "\n"
        + "0000000000000000: 00000003 00000000 00000000 0001 03 " + (inode + 1000) + "\n");
    Files.createDirectories(p.resolve("fd"));
    Files.createSymbolicLink(p.resolve("fd/3"), Path.of("socket:[" + inode + "]"));
  }
}
