package dev.gni.kube;

/**
 * The one place that names the installer's node label and annotation keys. The chart's RuntimeClass and
 * DaemonSet selectors use the same prefix ({@code labelPrefix} in values.yaml, default {@link #DEFAULT_PREFIX}),
 * and a test checks that the two agree.
 */
public record NodeLabels(String prefix) {
  public static final String DEFAULT_PREFIX = "gvisor.dev";
  public static final String READY_VALUE = "ready";

  /** {@code <prefix>/runsc}: set to {@code ready} once the runtime is proven live. */
  public String readyKey() {
    return prefix + "/runsc";
  }

  /** {@code <prefix>/install}: the opt-in label that the DaemonSet's nodeSelector requires. */
  public String installKey() {
    return prefix + "/install";
  }

  /** {@code <prefix>/uninstall}: the label that the uninstall DaemonSet's nodeSelector requires. */
  public String uninstallKey() {
    return prefix + "/uninstall";
  }

  /**
   * {@code <prefix>/runsc-not-ready}: the startup taint (effect NoSchedule) of readiness mode taint. The node
   * pool puts it on every new node; the installer removes it once gVisor is proven live and puts it back when
   * gVisor is lost.
   */
  public String notReadyTaintKey() {
    return prefix + "/runsc-not-ready";
  }

  public String annotationKey(String name) {
    return prefix + "/" + name;
  }
}
