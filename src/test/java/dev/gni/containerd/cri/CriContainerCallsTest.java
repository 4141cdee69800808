package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.containerd.cri.v1.Cri;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container calls of {@link CriClient} ({@code ListPodSandbox} with its runtime handler, {@code ListContainers},
 * {@code ExecSync}, {@code ContainerStats}) against real containerd 1.6, 1.7 and 2.1: a host-network runc pod with
 * one container of the offline busybox image, created through the same generated messages
 * ({@code CreateContainer}, {@code StartContainer}: in the proto for this test).
 */
@RequiresRealContainerd
class CriContainerCallsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  void containerCallsSeeTheRuncPodsContainer(Series series) {
    Path config = CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1")
        .writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(ContainerdBinaries.of(series)).config(config).start();
         CriClient cri = CriClient.connect(containerd.socket())) {
      TestImages.importPause(containerd);
      SandboxSpec spec = new SandboxSpec("calls", "uid-calls-" + series.name(), "gni-test", 0,
          tmp.resolve("logs").toString(), Map.of("gni-test", "calls"), true);
      String sandbox = cri.runPodSandbox(spec, "runc", DEADLINE);
      try {
        String container = startSleeper(cri, sandbox, spec);

        List<SandboxInfo> sandboxes = cri.listPodSandbox(Map.of(), DEADLINE);
        List<ContainerInfo> containers = cri.listContainers(sandbox, DEADLINE);
        ExecResult hello = cri.execSync(container, List.of("/bin/busybox", "echo", "hello"), DEADLINE);
        ExecResult failing = cri.execSync(container,
            List.of("/bin/busybox", "sh", "-c", "echo oops >&2; exit 3"), DEADLINE);
        ContainerUsage usage = cri.containerStats(container, DEADLINE);

        System.out.println(series + ": " + sandboxes + "; " + containers + "; " + usage);
        assertEquals(List.of(sandbox + " runc"),
            sandboxes.stream().map(s -> s.id() + " " + s.runtimeHandler()).toList());
        assertEquals(1, containers.size(), containers::toString);
        ContainerInfo c = containers.get(0);
        assertEquals(List.of(container, sandbox, "sleeper"), List.of(c.id(), c.sandboxId(), c.name()));
        assertEquals(ContainerInfo.State.RUNNING, c.state());
        assertEquals(new ExecResult(0, "hello\n", ""), hello);
        assertEquals(new ExecResult(3, "", "oops\n"), failing);
        assertEquals(container, usage.containerId());
        assertTrue(usage.cpuCoreNanos() > 0, usage::toString);
        assertTrue(usage.workingSetBytes() > 0, usage::toString);
        assertEquals(List.of(), cri.listContainers("no-such-sandbox", DEADLINE));
        CriException missing = assertThrows(CriException.class,
            () -> cri.execSync("no-such-container", List.of("/bin/busybox", "true"), DEADLINE));
        System.out.println(series + ": " + missing.getMessage());
        assertTrue(missing.getMessage().startsWith("CRI ExecSync on " + containerd.socket() + " failed: NOT_FOUND: "),
            missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"), missing.getMessage());
      } finally {
        cri.stopPodSandbox(sandbox, DEADLINE);
        cri.removePodSandbox(sandbox, DEADLINE);
      }
      assertEquals(List.of(), cri.listPodSandbox(Map.of(), DEADLINE));
    }
  }

  /** A container of the busybox image that sleeps, in the node's network and its own PID namespace. */
  private static String startSleeper(CriClient cri, String sandbox, SandboxSpec spec) {
    Cri.ContainerConfig container = Cri.ContainerConfig.newBuilder()
        .setMetadata(Cri.ContainerMetadata.newBuilder().setName("sleeper"))
        .setImage(Cri.ImageSpec.newBuilder().setImage(TestImages.PAUSE_REF))
        .addAllCommand(List.of("/bin/busybox", "sleep", "3600"))
        .setLogPath("sleeper/0.log")
        .setLinux(Cri.LinuxContainerConfig.newBuilder().setSecurityContext(
            Cri.LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(Cri.NamespaceOption.newBuilder()
                .setNetwork(Cri.NamespaceMode.NODE).setPid(Cri.NamespaceMode.CONTAINER))))
        .build();
    Cri.CreateContainerRequest create = Cri.CreateContainerRequest.newBuilder().setPodSandboxId(sandbox)
        .setConfig(container).setSandboxConfig(CriMessages.podSandboxConfig(spec)).build();
    String id = cri.call("CreateContainer", create, Cri.CreateContainerResponse.parser(), DEADLINE).getContainerId();
    cri.call("StartContainer", Cri.StartContainerRequest.newBuilder().setContainerId(id).build(),
        Cri.StartContainerResponse.parser(), DEADLINE);
    return id;
  }
}
