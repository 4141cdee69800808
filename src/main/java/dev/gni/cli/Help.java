package dev.gni.cli;

import dev.gni.config.Option;
import dev.gni.exit.ExitCode;

/** The text of {@code --help}, from the option table. */
final class Help {
  private Help() {
  }

  static String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: gvisor-node-installer COMMAND [options]\n\n")
        .append("commands:\n")
        .append("  install     install binaries, register the runtime with containerd, restart, check, label\n")
        .append("  uninstall   undo exactly what install did; refused while pods run in gVisor (--force)\n")
        .append("  status      report what is installed and whether it matches (--output json)\n")
        .append("  cleanup     (the chart's pre-delete hook) uninstall on every node of --release, wait, summarize\n\n")
        .append("options (each also read from its environment variable; a flag wins):\n");
    for (Option o : Option.values()) {
      String left = o.flag() + (o.isBoolean() ? "" : " " + o.argName());
      sb.append(String.format("  %-32s %s [env %s, default: %s]%n", left, o.help(), o.env(), o.defaultText()));
    }
    sb.append("\nexit codes:\n");
    for (ExitCode c : ExitCode.values()) {
      sb.append(String.format("  %d  %s%n", c.code(), c.meaning()));
    }
    return sb.toString();
  }
}
