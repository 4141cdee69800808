package dev.gni.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Temporary host roots and release folders for flow tests. The release holds Debian's real runsc (from
 * .ci/install-deps.sh) and, as containerd-shim-runsc-v1, a copy of /bin/true: a real x86_64 ELF standing in
 * for the shim, which no Debian package ships (the end-to-end test uses a real shim built from source).
 */
public final class TestHosts {
  public static final Path CACHE = ContainerdBinaries.cacheDir();

  private TestHosts() {
  }

  /** A copy of the demo host (EKS AL2023-shaped) under dir/host. */
  public static Path demoHost(Path dir) throws IOException {
    Path host = dir.resolve("host");
    copyTree(Path.of("demo/host"), host);
    return host;
  }

  public static Path release(Path dir) throws IOException {
    Path rel = dir.resolve("release");
    Files.createDirectories(rel);
    Path runsc = CACHE.resolve("runsc/usr/bin/runsc");
    if (!Files.isExecutable(runsc)) {
      runsc = Path.of("/usr/bin/runsc");
    }
    Files.copy(runsc, rel.resolve("runsc"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of("/bin/true"), rel.resolve("containerd-shim-runsc-v1"), StandardCopyOption.REPLACE_EXISTING);
    writeSums(rel);
    return rel;
  }

  public static void writeSums(Path rel) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String f : new String[] {"runsc", "containerd-shim-runsc-v1"}) {
      if (Files.exists(rel.resolve(f))) {
        sb.append(sha512(rel.resolve(f))).append("  ").append(f).append('\n');
      }
    }
    Files.writeString(rel.resolve("SHA512SUMS"), sb.toString());
  }

  public static String sha512(Path p) throws IOException {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512")
          .digest(Files.readAllBytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
