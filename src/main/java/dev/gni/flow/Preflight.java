package dev.gni.flow;

import dev.gni.binaries.Arch;
import dev.gni.host.EffectiveUid;
import dev.gni.host.HostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks made before any change: we run as root, the host root is really a host (not an empty mount),
 * containerd is present, the architecture is one gVisor supports, the kernel is recent enough for gVisor, and every directory the run will write
 * in is writable (a read-only /usr or /etc gets a clear refusal, with what to do instead).
 */
public final class Preflight {
  private final HostFiles host;
  private final Supplier<String> kernelRelease;

  public Preflight(HostFiles host) {
    this(host, () -> System.getProperty("os.version")); // uname -r: a container runs on the host's kernel
  }

  Preflight(HostFiles host, Supplier<String> kernelRelease) {
    this.host = host;
    this.kernelRelease = kernelRelease;
  }

  public void check(List<String> dirsToWrite, String configPath) {
    long uid = EffectiveUid.read().orElseThrow(() -> new PreflightException(
        "cannot tell whether the installer runs as root: /proc/self/status is not readable (is /proc mounted?)"));
    if (uid != 0) {
      throw new PreflightException("the installer must run as root (it runs as uid " + uid + ")");
    }
    Path root = host.root().root();
    if (!Files.isDirectory(root.resolve("etc"))) {
      throw new PreflightException("host root " + root + " has no /etc: is the host's / mounted there?");
    }
    Arch.current();
    KernelCheck.require(kernelRelease.get());
    boolean containerd = host.exists("/usr/bin/containerd") || host.exists("/usr/local/bin/containerd")
        || host.exists("/bin/containerd") || host.exists(configPath) || host.isDirectory("/etc/containerd")
        || host.exists(configPath.substring(0, Math.max(0, configPath.lastIndexOf('/'))) + "/config.toml"); // k3s/rke2: generated beside the template
    if (!containerd) {
      throw new PreflightException("containerd is not installed on this host (no containerd binary, no /etc/containerd)");
    }
    for (String dir : dirsToWrite) {
      try {
        host.checkWritable(dir);
      } catch (dev.gni.host.ReadOnlyHostException e) {
        throw new dev.gni.host.ReadOnlyHostException(e.getMessage() + "; on an immutable OS bake gVisor into the "
            + "image instead (docs/eks.md, custom AMIs), or pass writable --install-dir", e);
      }
    }
  }
}
