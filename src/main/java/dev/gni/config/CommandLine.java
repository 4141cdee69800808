package dev.gni.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code COMMAND [--flag VALUE | --flag=VALUE | --bool[=true|false]]...} and the environment into a
 * {@link RunConfig}. A flag wins over its environment variable; a repeatable flag given on the command
 * line replaces the variable's list.
 */
public final class CommandLine {
  private CommandLine() {
  }

  public static RunConfig parse(List<String> args, Map<String, String> env) {
    if (args.isEmpty()) {
      throw new UsageException("missing command (install, uninstall, status or cleanup); see --help");
    }
    Command command = Command.parse(args.get(0));
    Map<Option, List<String>> flags = new EnumMap<>(Option.class);
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      Option opt = Option.byFlag(name);
      if (opt == null) {
        throw new UsageException("unknown option '" + name + "'; see --help");
      }
      if (opt.isBoolean()) {
        value = value == null ? "true" : value;
      } else if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException("option " + name + " needs a value (" + opt.argName() + ")");
        }
        value = args.get(++i);
      }
      if (!opt.repeatable() && flags.containsKey(opt)) {
        throw new UsageException("option " + name + " given twice");
      }
      flags.computeIfAbsent(opt, k -> new ArrayList<>()).add(value);
    }
    Map<Option, List<String>> merged = new EnumMap<>(Option.class);
    for (Option o : Option.values()) {
      if (flags.containsKey(o)) {
        merged.put(o, flags.get(o));
      } else {
        String v = env.get(o.env());
        if (v != null && !v.isEmpty()) {
          merged.put(o, o.repeatable() ? splitList(v) : List.of(v));
        }
      }
    }
    return RunConfig.from(command, merged);
  }

  private static List<String> splitList(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }
}
