package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gni.binaries.ReleaseInventory;
import dev.gni.containerd.cri.SandboxInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which pods run from which release: container IDs from /proc, named through CRI's pod list. */
class ReleasePodsTest {
  private static final String POD_A = "a".repeat(64);
  private static final String CTR_A = "c".repeat(64);
  private static final String POD_B = "b".repeat(64);
  private static final String FOREIGN = "f".repeat(64);

  private static ReleaseInventory inventory() {
    Map<String, Set<String>> users = new LinkedHashMap<>();
    users.put("old", Set.of(POD_A, CTR_A, FOREIGN)); // FOREIGN: a sandbox of another containerd on the machine
    users.put("new", Set.of(POD_B));
    users.put("unused", Set.of());
    return new ReleaseInventory(Optional.of("new"), users);
  }

  private static SandboxInfo pod(String id, String ns, String name) {
    return new SandboxInfo(id, name, "uid-" + name, ns, SandboxInfo.State.READY, "runsc", Map.of());
  }

  @Test
  void of_namesThePodsThisContainerdKnows_andIgnoresOtherContainerIds() {
    ReleasePods rp = ReleasePods.of(inventory(),
        Optional.of(List.of(pod(POD_A, "team-a", "web-1"), pod(POD_B, "default", "batch-7"))));

    assertEquals(Map.of("old", List.of("team-a/web-1"), "new", List.of("default/batch-7"), "unused", List.of()),
        rp.pods());
    assertEquals(List.of("team-a/web-1 (release old)"), rp.onOtherReleases("new"));
    assertEquals(List.of("default/batch-7 (release new)"), rp.onOtherReleases("old"));
  }

  @Test
  void of_containerdCannotBeAsked_everyContainerIdCounts() {
    ReleasePods rp = ReleasePods.of(inventory(), Optional.empty());

    assertEquals(List.of("container aaaaaaaaaaaa (release old)", "container cccccccccccc (release old)",
        "container ffffffffffff (release old)"), rp.onOtherReleases("new").stream().sorted().toList());
  }

  @Test
  void usersOtherThan_skipsTheTargetAndUnusedReleases() {
    assertEquals(Map.of("old", Set.of(POD_A, CTR_A, FOREIGN)), inventory().usersOtherThan("new"));
  }
}
