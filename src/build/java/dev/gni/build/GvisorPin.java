package dev.gni.build;

import dev.gni.binaries.Arch;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The pinned gVisor release, read from {@code gvisor-release.properties}: the one place the release id, the
 * download base URL and each architecture's archive checksum are kept.
 */
public record GvisorPin(String release, URI baseUrl, Map<Arch, String> sha512) {
  public static final String RELEASE = "gvisor.release";
  public static final String BASE_URL = "gvisor.base.url";
  public static final String SHA512_PREFIX = "gvisor.sha512.";
  private static final Pattern RELEASE_ID = Pattern.compile("\\d{8}\\.\\d+");

  public static GvisorPin load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new BuildException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String release = p.getProperty(RELEASE, "").strip();
    if (!RELEASE_ID.matcher(release).matches()) {
      throw new BuildException(file + ": " + RELEASE + " '" + release + "' is not a release id like 20251110.0");
    }
    String base = p.getProperty(BASE_URL, "").strip();
    if (!base.startsWith("https://") && !base.startsWith("http://")) {
      throw new BuildException(file + ": " + BASE_URL + " '" + base + "' is not an http(s) URL");
    }
    Map<Arch, String> sums = new EnumMap<>(Arch.class);
    for (Arch a : Arch.values()) {
      String v = p.getProperty(SHA512_PREFIX + a.releaseName(), "").strip().toLowerCase(java.util.Locale.ROOT);
      if (Sha512.isHex(v)) {
        sums.put(a, v);
      }
    }
    return new GvisorPin(release, URI.create(base.endsWith("/") ? base : base + "/"), Map.copyOf(sums));
  }

  /** The archive's URL: {@code <base>/<release>/<arch>/gvisor.tar.bz2}. */
  public URI archiveUrl(Arch arch) {
    return baseUrl.resolve(release + "/" + arch.releaseName() + "/gvisor.tar.bz2");
  }

  public Optional<String> sha512(Arch arch) {
    return Optional.ofNullable(sha512.get(arch));
  }

  /** The pinned checksum, or a loud failure that says how to fill it in. */
  public String requireSha512(Arch arch) {
    return sha512(arch).orElseThrow(() -> new BuildException("gvisor-release.properties: " + SHA512_PREFIX
        + arch.releaseName() + " is not filled in; run scripts/bump-gvisor-release.sh " + release
        + " (or build offline with -Dgvisor.release.dir=DIR)"));
  }
}
