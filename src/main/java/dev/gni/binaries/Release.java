package dev.gni.binaries;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A verified gVisor release folder: every file to install with its sha512, and an id derived from the
 * checksums, under which the host keeps this release's files apart from any other release.
 *
 * @param dir     the local folder
 * @param files   relative name (e.g. {@code runsc}, {@code gvisor-bin/x}) to its sha512, in install order
 * @param id      {@code <runsc sha512 prefix>}: the host folder name of this release
 * @param verified false only with --allow-unverified and no SHA512SUMS
 * @param hostCopies files not hashed in {@code dir} because the host's copy in this release's folder is
 *                 recorded as verified against the same sha512 and unchanged since ({@link VerifiedCopies});
 *                 nothing is copied from {@code dir} for them
 */
public record Release(Path dir, Map<String, String> files, String id, boolean verified, Set<String> hostCopies) {
  public static final String RUNSC = "runsc";
  public static final String SHIM = "containerd-shim-runsc-v1";
  public static final String MANIFEST = "SHA512SUMS";
  public static final String HELPERS = "gvisor-bin";

  /** The host folder of the release whose runsc has this sha512. */
  public static String idOf(String runscSha512) {
    return runscSha512.toLowerCase().substring(0, 16);
  }

  /** Whether every file is the host's verified copy: nothing in {@code dir} was read. */
  public boolean allOnHost() {
    return hostCopies.size() == files.size();
  }
}
