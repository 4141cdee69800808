package dev.gni.build;

import dev.gni.binaries.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build step: puts the pinned gVisor release for every architecture at {@code <out>/<arch>/}.
 *
 * <p>Online (the default): downloads {@code <base>/<release>/<arch>/gvisor.tar.bz2}, verifies it against the
 * sha512 pinned in gvisor-release.properties, unpacks it. Offline ({@code --release-dir=DIR}): DIR/&lt;arch&gt;/
 * holds either gvisor.tar.bz2 and gvisor.tar.bz2.sha512, or the unpacked files.
 *
 * <p>Arguments: {@code --pin=FILE --out=DIR [--release-dir=DIR] [--download-dir=DIR] [--arch=x86_64,aarch64]}.
 */
public final class FetchGvisorRelease {
  private final GvisorPin pin;
  private final ReleaseStager stager;
  private final Path downloads;
  private final HttpDownload http;

  public FetchGvisorRelease(GvisorPin pin, Path out, Path downloads, HttpDownload http) {
    this.pin = pin;
    this.stager = new ReleaseStager(out);
    this.downloads = downloads;
    this.http = http;
  }

  public static void main(String[] args) {
    Map<String, String> a = parse(args);
    GvisorPin pin = GvisorPin.load(Path.of(require(a, "pin")));
    Path out = Path.of(require(a, "out"));
    Path downloads = Path.of(a.getOrDefault("download-dir", out.resolveSibling("gvisor-download").toString()));
    FetchGvisorRelease fetch = new FetchGvisorRelease(pin, out, downloads, new HttpDownload(Duration.ofMinutes(10)));
    String releaseDir = a.getOrDefault("release-dir", "").strip();
    for (Arch arch : archs(a.getOrDefault("arch", "x86_64,aarch64"))) {
      Path done = releaseDir.isEmpty() ? fetch.online(arch) : fetch.offline(arch, Path.of(releaseDir));
      System.out.println("[gvisor] " + arch.releaseName() + ": " + done);
    }
  }

  /** Downloads (or reuses a verified earlier download), verifies and unpacks one architecture. */
  public Path online(Arch arch) {
    String expected = pin.requireSha512(arch);
    Path archive = downloads.resolve(pin.release()).resolve(arch.releaseName()).resolve("gvisor.tar.bz2");
    if (!Files.isRegularFile(archive) || !Sha512.of(archive).equals(expected)) {
      http.get(pin.archiveUrl(arch), archive);
    }
    Sha512.verify(archive, expected, pin.archiveUrl(arch).toString());
    return stager.fromArchive(arch, archive);
  }

  /** Takes one architecture from a local release folder. */
  public Path offline(Arch arch, Path releaseDir) {
    Path dir = releaseDir.resolve(arch.releaseName());
    if (!Files.isDirectory(dir)) {
      throw new BuildException("offline gVisor release: " + dir + " is missing");
    }
    Path archive = dir.resolve("gvisor.tar.bz2");
    if (!Files.exists(archive)) {
      return stager.fromDirectory(arch, dir);
    }
    Path sumFile = dir.resolve("gvisor.tar.bz2.sha512");
    if (!Files.isRegularFile(sumFile)) {
      throw new BuildException("offline gVisor release: " + sumFile + " is missing next to the archive");
    }
    String expected;
    try {
      expected = Sha512.parse(Files.readString(sumFile), sumFile.toString());
    } catch (java.io.IOException e) {
      throw new BuildException("cannot read " + sumFile + ": " + e.getMessage(), e);
    }
    pin.sha512(arch).filter(p -> !p.equals(expected)).ifPresent(p -> {
      throw new BuildException(sumFile + " does not match the sha512 pinned for " + arch.releaseName()
          + " in gvisor-release.properties (release " + pin.release() + ")");
    });
    Sha512.verify(archive, expected, archive.toString());
    return stager.fromArchive(arch, archive);
  }

  private static List<Arch> archs(String list) {
    List<Arch> r = new ArrayList<>();
    for (String s : list.split(",")) {
      if (!s.isBlank()) {
        r.add(Arch.fromName(s.strip()));
      }
    }
    return r;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new BuildException("argument '" + arg + "' is not --name=value");
      }
      m.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return m;
  }

  private static String require(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null || v.isBlank()) {
      throw new BuildException("missing --" + name + "=...");
    }
    return v;
  }
}
