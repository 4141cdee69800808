package dev.gni.binaries;

import java.nio.file.Path;
import java.util.Map;

/**
 * A verified gVisor release folder: every file to install with its sha512, and an id derived from the
 * checksums, under which the host keeps this release's files apart from any other release.
 *
 * @param dir     the local folder
 * @param files   relative name (e.g. {@code runsc}, {@code gvisor-bin/x}) to its sha512, in install order
 * @param id      {@code <runsc sha512 prefix>}: the host folder name of this release
 * @param verified false only with --allow-unverified and no SHA512SUMS
 */
public record Release(Path dir, Map<String, String> files, String id, boolean verified) {
  public static final String RUNSC = "runsc";
  public static final String SHIM = "containerd-shim-runsc-v1";
  public static final String MANIFEST = "SHA512SUMS";
  public static final String HELPERS = "gvisor-bin";
}
