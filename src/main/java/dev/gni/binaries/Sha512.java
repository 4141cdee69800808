package dev.gni.binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** sha512 of files and bytes, as lowercase hex. */
public final class Sha512 {
  private Sha512() {
  }

  /** Files from this size on are hashed by coreutils' sha512sum when the system has it. */
  static final long NATIVE_MIN_BYTES = 1 << 20;
  private static final List<Path> SHA512SUM = List.of(Path.of("/usr/bin/sha512sum"), Path.of("/bin/sha512sum"));

  /**
   * sha512 of a file. A large file (a gVisor release holds 30-100 MB of binaries) goes to coreutils'
   * {@code sha512sum} when present, else the JDK's SHA-512: the image's JVM runs C1 only
   * ({@code -XX:TieredStopAtLevel=1}), which has no SHA intrinsics, and hashed about 6 times slower
   * (measured: docs/performance.md). Both give the same hex; a failing or odd sha512sum falls back to the JDK.
   */
  public static String of(Path file) throws IOException {
    if (Files.size(file) >= NATIVE_MIN_BYTES) {
      Optional<String> hex = withSha512sum(file);
      if (hex.isPresent()) {
        return hex.get();
      }
    }
    return withJdk(file);
  }

  static Optional<String> withSha512sum(Path file) {
    Optional<Path> tool = SHA512SUM.stream().filter(Files::isExecutable).findFirst();
    if (tool.isEmpty()) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder(tool.get().toString(), "-b", "--", file.toAbsolutePath().toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String line = new String(out, StandardCharsets.US_ASCII);
      line = line.startsWith("\\") ? line.substring(1) : line; // sha512sum marks an escaped file name so
      String hex = line.length() >= 128 ? line.substring(0, 128) : "";
      return p.exitValue() == 0 && hex.matches("[0-9a-f]{128}") ? Optional.of(hex) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static String withJdk(Path file) throws IOException {
    MessageDigest md = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public static String of(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
