package dev.gni.containerd;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * containerd's version as far as the installer needs it (major.minor), and where it was learned.
 *
 * @param source "flag", "cri", "binary", "config" or "assumed"
 */
public record ContainerdVersion(int major, int minor, String source) {
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)");

  public static ContainerdVersion parse(String text, String source) {
    Matcher m = VERSION.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no version in '" + text + "'");
    }
    return new ContainerdVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), source);
  }

  public static ContainerdVersion assumed1x() {
    return new ContainerdVersion(1, 7, "assumed");
  }

  public boolean atLeast2() {
    return major >= 2;
  }

  public boolean known() {
    return !source.equals("assumed");
  }

  @Override
  public String toString() {
    return major + "." + minor + " (" + source + ")";
  }
}
