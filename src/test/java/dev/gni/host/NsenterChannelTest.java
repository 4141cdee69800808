package dev.gni.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nsenter path, for real: {@code nsenter --target 1} on this sandbox's real PID 1 is refused, so the
 * test runs the installer's channel inside {@code unshare --pid --fork --mount-proc}, where PID 1 is the
 * test's own JVM. A {@code systemctl} script on that namespace's PATH (the one stand-in here: there is no
 * systemd to restart) records the arguments it was given.
 */
class NsenterChannelTest {
  @TempDir
  Path tmp;

  @Test
  void systemdRestart_runsSystemctlThroughNsenterIntoPid1() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path record = tmp.resolve("systemctl.args");
    Path systemctl = bin.resolve("systemctl");
    Files.writeString(systemctl, "#!/bin/sh\necho \"$@\" > " + record + "\necho \"pid1=$(cat /proc/1/comm)\" >> " + record + "\n");
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path described = tmp.resolve("described");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", java, "-cp",
        System.getProperty("java.class.path"), NsenterProbe.class.getName(), described.toString(), "containerd")
        .redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":/usr/sbin:/usr/bin:/sbin:/bin");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), output);
    assertEquals(List.of("restart containerd", "pid1=java"), Files.readAllLines(record));
    assertEquals("nsenter --target 1 --mount --uts --ipc --net --pid -- systemctl restart containerd",
        Files.readString(described).strip());
  }

  @Test
  void directMode_runsTheCommandAsIs() {
    ProcessHostExec exec = new ProcessHostExec(ProcessHostExec.Mode.DIRECT);
    HostExec.ExecResult r = exec.run(List.of("sh", "-c", "echo hi; echo oops >&2; exit 3"), java.time.Duration.ofSeconds(10));
    assertEquals(3, r.exitCode());
    assertEquals("hi\n", r.stdout());
    assertEquals("oops", r.firstErrorLine());
  }

  @Test
  void timeoutKillsTheCommand() {
    ProcessHostExec exec = new ProcessHostExec(ProcessHostExec.Mode.DIRECT);
    HostExec.ExecResult r = exec.run(List.of("sleep", "30"), java.time.Duration.ofMillis(300));
    assertEquals(124, r.exitCode());
  }
}
