package dev.gni.testsupport;

import dev.gni.host.EffectiveUid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The JUnit condition behind {@link RequiresRealContainerd}. */
public final class RealContainerdCondition implements ExecutionCondition {
  private static final List<String> TOOLS = List.of("/usr/bin/unshare", "/usr/bin/umoci", "/usr/bin/skopeo",
      "/bin/busybox");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> missing = whatIsMissing();
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("root, containerd 1.6/1.7/2.1 and image tools are present");
    }
    if (System.getenv("GNI_REQUIRE_REAL_CONTAINERD") != null || Preconditions.strict()) {
      return ConditionEvaluationResult.enabled("GNI_REQUIRE_REAL_CONTAINERD or CI=true is set although "
          + missing.get());
    }
    return ConditionEvaluationResult.disabled("needs real containerd: " + missing.get());
  }

  /** @return what prevents real-containerd tests here, or empty */
  public static Optional<String> whatIsMissing() {
    List<String> problems = new ArrayList<>();
    if (!EffectiveUid.isRoot()) {
      problems.add("not running as root");
    }
    for (ContainerdBinaries.Series s : ContainerdBinaries.Series.values()) {
      ContainerdBinaries.of(s).missing().ifPresent(problems::add);
    }
    for (String tool : TOOLS) {
      if (!Files.isExecutable(Path.of(tool))) {
        problems.add(tool + " is missing");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }
}
