package dev.gni.watch;

import dev.gni.binaries.Sha512;
import dev.gni.containerd.config.ConfigDocument;
import dev.gni.containerd.config.RuntimeSpec;
import dev.gni.host.FileFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether containerd's config file (the one install edited, from its state) still defines the runtime with the
 * gVisor shim's type. The file is read only when its stat fingerprint (size, inode, mtime, ctime) changed
 * since the last check, so a steady check costs one {@code stat}; and it is parsed only when its bytes differ
 * from what install wrote (the state's sha256), so the steady watcher never loads the TOML parser (4-5 MiB of
 * RSS for the process's lifetime, measured with the watcher's flags). Read-only; it never writes.
 */
final class ConfigHolds {
  private final Path file;
  private final String hostPath;
  private final String runtime;
  private final Optional<String> installedSha256;
  private Optional<FileFingerprint> seen = Optional.empty();
  private Optional<String> verdict = Optional.of("not checked yet");

  /** @param installedSha256 the file's sha256 as install left it (from state.json), when known */
  ConfigHolds(Path file, String hostPath, String runtime, Optional<String> installedSha256) {
    this.file = file;
    this.hostPath = hostPath;
    this.runtime = runtime;
    this.installedSha256 = installedSha256;
  }

  /** @return empty while the file holds the runtime; else what changed */
  Optional<String> check() {
    Optional<FileFingerprint> now = FileFingerprint.of(file);
    if (now.isEmpty()) {
      seen = now;
      verdict = Optional.of("containerd's config " + hostPath + " is gone");
      return verdict;
    }
    if (!now.equals(seen)) {
      seen = now;
      verdict = parse();
    }
    return verdict;
  }

  private Optional<String> parse() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return Optional.of("cannot read containerd's config " + hostPath + ": " + e.getMessage());
    }
    if (installedSha256.filter(Sha512.sha256(bytes)::equals).isPresent()) {
      return Optional.empty(); // exactly as install wrote it (and proved it live)
    }
    boolean holds;
    try {
      ConfigDocument doc = ConfigDocument.parse(bytes, hostPath);
      List<String> key = new ArrayList<>(doc.schema().runtimesPath());
      key.add(runtime);
      key.add("runtime_type");
      holds = RuntimeSpec.RUNSC_TYPE.equals(doc.toml().get(key));
    } catch (RuntimeException notToml) { // a Go template (k3s, RKE2): look for the runtime's table by name
      String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      holds = text.contains(RuntimeSpec.RUNSC_TYPE) && (text.contains("runtimes." + runtime + "]")
          || text.contains("runtimes.'" + runtime + "']") || text.contains("runtimes.\"" + runtime + "\"]"));
    }
    return holds ? Optional.empty() : Optional.of("containerd's config " + hostPath
        + " was rewritten and no longer holds runtime '" + runtime + "'");
  }
}
