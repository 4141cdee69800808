package dev.gni.flow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gVisor needs Linux 4.14.77 or newer, on x86_64 and arm64 alike (gvisor.dev/docs/user_guide/install). The
 * release is {@code uname -r} of the kernel the installer runs on, which is the host's: containers share it.
 */
final class KernelCheck {
  static final int[] MINIMUM = {4, 14, 77};
  private static final Logger LOG = LoggerFactory.getLogger(KernelCheck.class);
  private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  private KernelCheck() {
  }

  static void require(String release) {
    Matcher m = RELEASE.matcher(release == null ? "" : release.strip());
    if (!m.find()) {
      LOG.warn("kernel release '{}' is not a version; cannot check gVisor's minimum (Linux 4.14.77)", release);
      return;
    }
    int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    if (compare(v, MINIMUM) < 0) {
      throw new PreflightException("the host's kernel " + release.strip() + " is too old for gVisor, which needs Linux "
          + "4.14.77 or newer; upgrade the node's kernel (or its OS image)");
    }
    LOG.info("kernel {}: recent enough for gVisor (needs 4.14.77 or newer)", release.strip());
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }
}
