package dev.gni.containerd.config;

import java.util.List;

/**
 * What to write for the runtime: either the main config edited in place, or a drop-in file that the main
 * config's {@code imports} covers (containerd 2.x only).
 *
 * @param strategy    {@code in-place} or {@code drop-in}
 * @param path        the host path of the file to write (the main config or the drop-in)
 * @param edit        the planned text change of that file
 * @param createdFile true when the file does not exist yet and is created by install
 * @param reasons     why this strategy, one line each, for the log
 */
public record ConfigPlan(String strategy, String path, ConfigEdit edit, boolean createdFile, List<String> reasons) {
  public static final String IN_PLACE = "in-place";
  public static final String DROP_IN = "drop-in";
}
