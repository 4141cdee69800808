package dev.gni.testsupport;

import dev.gni.testsupport.ContainerdBinaries.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a minimal containerd config with CRI enabled, in the native format of a series (version 2 for
 * 1.x, version 3 for 2.x): the sandbox image (so CRI never pulls), {@code restrict_oom_score_adj = true}
 * (this sandbox lacks CAP_SYS_RESOURCE), {@code runc} as default handler, plus any extra handlers.
 * Paths (root, state, sockets) are left to {@link RealContainerd}.
 */
public final class CriTestConfig {
  private final Series series;
  private final Map<String, String> runtimes = new LinkedHashMap<>();
  private String sandboxImage = TestImages.PAUSE_REF;

  private CriTestConfig(Series series) {
    this.series = series;
    runtimes.put("runc", "io.containerd.runc.v2");
  }

  public static CriTestConfig forSeries(Series series) {
    return new CriTestConfig(series);
  }

  /** No runtimes table at all: containerd's built-in default ({@code runc}) applies. */
  public CriTestConfig builtInRuntimesOnly() {
    runtimes.clear();
    return this;
  }

  /** Adds a CRI runtime handler with this {@code runtime_type}. */
  public CriTestConfig runtime(String handler, String runtimeType) {
    runtimes.put(handler, runtimeType);
    return this;
  }

  public CriTestConfig sandboxImage(String ref) {
    this.sandboxImage = ref;
    return this;
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    String cri;
    if (series.configVersion() == 3) {
      cri = "plugins.\"io.containerd.cri.v1.runtime\"";
      b.append("version = 3\n\n")
          .append("[plugins.\"io.containerd.cri.v1.images\".pinned_images]\n")
          .append("  sandbox = \"").append(sandboxImage).append("\"\n\n")
          .append('[').append(cri).append("]\n");
    } else {
      cri = "plugins.\"io.containerd.grpc.v1.cri\"";
      b.append("version = 2\n\n")
          .append('[').append(cri).append("]\n")
          .append("  sandbox_image = \"").append(sandboxImage).append("\"\n");
    }
    b.append("  restrict_oom_score_adj = true\n");
    if (!runtimes.isEmpty()) {
      b.append("  [").append(cri).append(".containerd]\n").append("    default_runtime_name = \"runc\"\n");
    }
    runtimes.forEach((name, type) -> b.append("  [").append(series.criRuntimesTable()).append('.').append(name)
        .append("]\n").append("    runtime_type = \"").append(type).append("\"\n"));
    return b.toString();
  }

  public Path writeTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
