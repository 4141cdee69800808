package dev.gni.build;

import java.util.List;

/** What one architecture's folder of a gVisor release holds, by relative path. */
public final class ReleaseFiles {
  public static final String RUNSC = "runsc";
  public static final String SHIM = "containerd-shim-runsc-v1";
  public static final String SIDECARS = "gvisor-bin";
  public static final String SUMS = "SHA512SUMS";
  public static final List<String> TOP_LEVEL = List.of(RUNSC, SHIM);

  private ReleaseFiles() {
  }

  /** True for a relative path that belongs in the image: runsc, the shim, or a file under gvisor-bin/. */
  public static boolean wanted(String relative) {
    return TOP_LEVEL.contains(relative) || relative.startsWith(SIDECARS + "/") && relative.length() > SIDECARS.length() + 1;
  }

  /** Strips a leading "./" and refuses absolute paths and ".." segments. */
  public static String normalize(String name, String where) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.startsWith("/") || ("/" + n + "/").contains("/../")) {
      throw new BuildException(where + ": unsafe path '" + name + "'");
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }
}
