package dev.gni.config;

/** The subcommands. */
public enum Command {
  INSTALL, UNINSTALL, STATUS, CLEANUP;

  public static Command parse(String word) {
    for (Command c : values()) {
      if (c.name().equalsIgnoreCase(word)) {
        return c;
      }
    }
    throw new UsageException("unknown command '" + word + "' (expected install, uninstall, status or cleanup)");
  }
}
