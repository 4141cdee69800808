package dev.gni.binaries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Verifies a release folder completely before anything on the host changes: {@code SHA512SUMS} present
 * (unless --allow-unverified), every listed file present with its checksum, {@code runsc} and the shim
 * listed, and each of them an ELF executable for the host's architecture.
 */
public final class ReleaseVerifier {
  private final Arch arch;
  private final boolean allowUnverified;

  public ReleaseVerifier(Arch arch, boolean allowUnverified) {
    this.arch = arch;
    this.allowUnverified = allowUnverified;
  }

  /**
   * Whether the host already holds an intact, verified copy of a release file, so that the release's own
   * file need not be hashed (nothing will be copied from it).
   */
  @FunctionalInterface
  public interface HostCopies {
    HostCopies NONE = (id, name, sha512) -> false;

    boolean intact(String releaseId, String name, String sha512);
  }

  public Release verify(Path dir) {
    return verify(dir, HostCopies.NONE);
  }

  /** Verifies the folder; a file listed in SHA512SUMS whose host copy is intact is not hashed again. */
  public Release verify(Path dir, HostCopies hostCopies) {
    if (!Files.isDirectory(dir)) {
      throw new ReleaseVerificationException("binaries folder " + dir + " does not exist");
    }
    Path manifest = dir.resolve(Release.MANIFEST);
    Set<String> onHost = new HashSet<>();
    Map<String, String> files = Files.isRegularFile(manifest) ? fromManifest(dir, manifest, hostCopies, onHost)
        : unverified(dir);
    for (String required : new String[] {Release.RUNSC, Release.SHIM}) {
      if (!files.containsKey(required)) {
        throw new ReleaseVerificationException(Files.isRegularFile(manifest)
            ? Release.MANIFEST + " in " + dir + " does not list " + required
            : required + " is missing from " + dir);
      }
    }
    files.keySet().forEach(name -> Elf.requireExecutable(dir.resolve(name), name, arch));
    String id = Release.idOf(files.get(Release.RUNSC));
    return new Release(dir, files, id, Files.isRegularFile(manifest), Set.copyOf(onHost));
  }

  private Map<String, String> fromManifest(Path dir, Path manifest, HostCopies hostCopies, Set<String> onHost) {
    Map<String, String> listed = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(manifest)) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{128}")) {
          throw new ReleaseVerificationException(Release.MANIFEST + " line is not 'sha512  name': " + line);
        }
        String name = parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
        name = name.startsWith("./") ? name.substring(2) : name;
        if (isInstallable(name)) {
          listed.put(name, parts[0].toLowerCase());
        }
      }
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot read " + manifest + ": " + e.getMessage());
    }
    String id = listed.containsKey(Release.RUNSC) ? Release.idOf(listed.get(Release.RUNSC)) : null;
    Map<String, String> files = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : listed.entrySet()) {
        String name = e.getKey();
        String expected = e.getValue();
        Path f = dir.resolve(name).normalize();
        if (!f.startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
          throw new ReleaseVerificationException(name + " is listed in " + Release.MANIFEST + " but missing from " + dir);
        }
        if (id != null && hostCopies.intact(id, name, expected)) {
          onHost.add(name);
          files.put(name, expected);
          continue;
        }
        String actual = Sha512.of(f);
        if (!actual.equalsIgnoreCase(expected)) {
          throw new ReleaseVerificationException("checksum mismatch for " + name + ": " + Release.MANIFEST + " says "
              + expected.substring(0, 16) + "..., the file is " + actual.substring(0, 16) + "...");
        }
        files.put(name, actual);
      }
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot read " + dir + ": " + e.getMessage());
    }
    return files;
  }

  private Map<String, String> unverified(Path dir) {
    if (!allowUnverified) {
      throw new ReleaseVerificationException(Release.MANIFEST + " is missing from " + dir
          + "; refusing unverified binaries (--allow-unverified overrides)");
    }
    Map<String, String> files = new LinkedHashMap<>();
    try {
      for (String name : new String[] {Release.RUNSC, Release.SHIM}) {
        if (Files.isRegularFile(dir.resolve(name))) {
          files.put(name, Sha512.of(dir.resolve(name)));
        }
      }
      Path helpers = dir.resolve(Release.HELPERS);
      if (Files.isDirectory(helpers)) {
        try (Stream<Path> s = Files.list(helpers)) {
          for (Path p : s.sorted().toList()) {
            files.put(Release.HELPERS + "/" + p.getFileName(), Sha512.of(p));
          }
        }
      }
    } catch (IOException e) {
      throw new ReleaseVerificationException("cannot read " + dir + ": " + e.getMessage());
    }
    return files;
  }

  private static boolean isInstallable(String name) {
    return name.equals(Release.RUNSC) || name.equals(Release.SHIM)
        || name.startsWith(Release.HELPERS + "/") && !name.substring(Release.HELPERS.length() + 1).contains("/");
  }
}
