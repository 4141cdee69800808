package dev.gni.cli;

import dev.gni.config.CommandLine;
import dev.gni.config.RunConfig;
import dev.gni.config.UsageException;
import dev.gni.config.Version;
import dev.gni.exit.ExitCode;
import dev.gni.host.Checkpoints;
import dev.gni.log.Logging;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Entry point: parse, set up logging, run one command, map any failure to one line and an exit code. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    GracefulStop stop = GracefulStop.onSigterm(GracefulStop.BUDGET);
    int code = ExitCode.INTERNAL.code();
    try {
      code = run(List.of(args), System.getenv(), System.out, System.err, stop);
    } finally {
      // also when the run died of an Error (e.g. a class missing from the jar): the JVM's exit then runs the
      // shutdown hook, which must not take it for SIGTERM and wait for a run that is over
      stop.finished(code); // a SIGTERM hook waiting for the run exits with this code
    }
    System.exit(code);
  }

  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, Checkpoints.NONE);
  }

  /** @param checkpoints step boundaries of the run; a {@link GracefulStop} stops the run at one on SIGTERM */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err,
      Checkpoints checkpoints) {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h") || args.get(0).equals("help")) {
      out.print(Help.text());
      return args.isEmpty() ? ExitCode.USAGE.code() : ExitCode.OK.code();
    }
    if (args.get(0).equals("--version") || args.get(0).equals("version")) {
      out.println("gvisor-node-installer " + Version.installer());
      return ExitCode.OK.code();
    }
    RunConfig config;
    try {
      config = CommandLine.parse(args, env);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    Logging.configure(config.logFormat());
    try {
      return Commands.run(config, out, checkpoints).code();
    } catch (RuntimeException e) {
      Failure f = Failure.of(e);
      err.println("error: " + f.message());
      return f.code().code();
    }
  }
}
