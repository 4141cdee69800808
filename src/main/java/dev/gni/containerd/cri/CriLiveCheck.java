package dev.gni.containerd.cri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LiveCheck} over CRI: {@code Version} then verbose {@code Status} on one short-lived channel. Never
 * throws: a socket that does not answer within the deadline gives {@link LiveView#unreachable(String)}.
 */
public final class CriLiveCheck implements LiveCheck {
  /** Default per-call deadline: a healthy containerd answers in milliseconds. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(3);

  private final String socketPath;
  private final Duration deadline;

  public CriLiveCheck(String socketPath) {
    this(socketPath, DEFAULT_DEADLINE);
  }

  public CriLiveCheck(String socketPath, Duration deadline) {
    this.socketPath = socketPath;
    this.deadline = deadline;
  }

  @Override
  public LiveView check() {
    if (!Files.exists(Path.of(socketPath))) {
      return LiveView.unreachable("CRI socket " + socketPath + " does not exist (is containerd running?)");
    }
    RuntimeVersion version;
    try (CriClient cri = CriClient.connect(socketPath)) {
      try {
        version = cri.version(deadline);
      } catch (CriException e) {
        return LiveView.unreachable(e.getMessage().contains("UNIMPLEMENTED")
            ? "containerd answers on " + socketPath + " but its CRI plugin is not serving: " + e.getMessage()
            : e.getMessage());
      }
      try {
        RuntimeStatus status = cri.status(deadline);
        Map<String, String> runtimes = LiveRuntimes.of(status);
        Optional<String> notReady = status.runtimeReady() ? Optional.empty() : Optional.of(notReadyText(status));
        return new LiveView(true, status.runtimeReady(), runtimes, Optional.of(version.runtimeVersion()), notReady);
      } catch (CriException e) {
        return new LiveView(true, false, Map.of(), Optional.of(version.runtimeVersion()), Optional.of(e.getMessage()));
      }
    } catch (RuntimeException e) {
      return LiveView.unreachable("cannot talk CRI on " + socketPath + ": " + e);
    }
  }

  private static String notReadyText(RuntimeStatus status) {
    return status.condition(RuntimeCondition.RUNTIME_READY)
        .map(c -> "RuntimeReady is false: " + c.reason() + (c.message().isEmpty() ? "" : ": " + c.message()))
        .orElse("CRI Status reports no RuntimeReady condition");
  }
}
