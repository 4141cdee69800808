package dev.gni.containerd;

import dev.gni.containerd.cri.CriClient;
import dev.gni.containerd.cri.CriLiveCheck;
import dev.gni.containerd.cri.CriTimeoutException;
import dev.gni.containerd.cri.LiveView;
import dev.gni.containerd.cri.SandboxInfo;
import dev.gni.containerd.cri.SocketWaiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link ContainerdHealth} over containerd's CRI socket (a local path under the host root). */
public final class CriContainerdHealth implements ContainerdHealth {
  private final String socket;

  public CriContainerdHealth(String socket) {
    this.socket = socket;
  }

  @Override
  public boolean awaitServing(Duration timeout) {
    try {
      new SocketWaiter(socket).await(timeout);
      return true;
    } catch (CriTimeoutException e) {
      return false;
    }
  }

  @Override
  public LiveView live() {
    return new CriLiveCheck(socket).check();
  }

  @Override
  public List<SandboxInfo> sandboxes(Duration deadline) {
    try (CriClient cri = CriClient.connect(socket)) {
      return cri.listPodSandbox(Map.of(), deadline);
    }
  }
}
