package dev.gni.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.containerd.Restarter;
import dev.gni.host.HostRoot;
import dev.gni.host.LocalHostFiles;
import dev.gni.host.ProcessHostExec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart unit each distribution uses, chosen through the real host command channel (a process per
 * command, as with --host-exec direct) where {@code systemctl} is a fake script that records its argv and
 * reports which units are active; then the restart itself, recorded by the same fake.
 */
class RestartUnitTest {
  @TempDir
  Path tmp;

  private Path calls;
  private ProcessHostExec exec;

  private void fakeSystemctl(String... active) throws Exception {
    calls = tmp.resolve("calls");
    Path script = tmp.resolve("systemctl");
    Files.writeString(script, "#!/bin/sh\necho \"systemctl $*\" >> " + calls + "\n"
        + "if [ \"$1\" = is-active ]; then\n  case \" " + String.join(" ", active) + " \" in\n"
        + "    *\" $2 \"*) echo active; exit 0 ;;\n    *) echo inactive; exit 3 ;;\n  esac\nfi\nexit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    exec = new ProcessHostExec(ProcessHostExec.Mode.DIRECT, argv -> {
      List<String> a = new ArrayList<>(argv);
      if (a.get(0).equals("systemctl")) {
        a.set(0, script.toString());
      }
      return new ProcessBuilder(a);
    });
  }

  /** Before a restart, systemd is asked about the unit (KillMode, start limit: SystemdRestarterTest). */
  private static String show(String unit) {
    return "systemctl show " + unit + " -p LoadState -p ActiveState -p SubState -p Result -p KillMode -p MainPID";
  }

  private String restartOn(String fixture) throws Exception {
    HostFixture h = HostFixture.copy(fixture, tmp.resolve(fixture));
    LocalHostFiles files = new LocalHostFiles(new HostRoot(h.host()));
    Distribution d = Detector.detect(files, Optional.ofNullable(h.get("distribution")));
    String unit = RestartUnit.choose(d, exec, files);
    Restarter.systemd(exec, unit, Duration.ofSeconds(60)).restart();
    return unit;
  }

  @Test
  void k3sAgentNode_isActiveAsksBothUnits_andRestartsTheActiveOne() throws Exception {
    fakeSystemctl("k3s-agent");
    assertEquals("k3s-agent", restartOn("k3s-agent-1.7"));
    assertEquals(List.of("systemctl is-active k3s", "systemctl is-active k3s-agent", show("k3s-agent"),
        "systemctl restart k3s-agent"),
        Files.readAllLines(calls));
  }

  @Test
  void k3sServer_restartsK3s() throws Exception {
    fakeSystemctl("k3s");
    assertEquals("k3s", restartOn("k3s"));
    assertEquals(List.of("systemctl is-active k3s", show("k3s"), "systemctl restart k3s"), Files.readAllLines(calls));
  }

  @Test
  void rke2_noUnitActive_fallsBackToTheFirstUnitFileOnTheHost() throws Exception {
    fakeSystemctl();
    assertEquals("rke2-server", restartOn("rke2"));
    assertEquals("systemctl restart rke2-server", Files.readAllLines(calls).get(3));
  }

  @Test
  void microk8s_restartsItsContainerdSnapService_withoutAsking() throws Exception {
    fakeSystemctl();
    assertEquals("snap.microk8s.daemon-containerd", restartOn("microk8s"));
    assertEquals(List.of(show("snap.microk8s.daemon-containerd"), "systemctl restart snap.microk8s.daemon-containerd"),
        Files.readAllLines(calls));
  }

  @Test
  void eksAndGeneric_restartContainerd() throws Exception {
    fakeSystemctl();
    for (String f : List.of("eks-al2", "eks-al2023", "generic", "kind")) {
      assertEquals("containerd", restartOn(f), f);
    }
    assertEquals(4, Files.readAllLines(calls).stream().filter("systemctl restart containerd"::equals).count());
  }
}
