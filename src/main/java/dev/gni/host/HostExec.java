package dev.gni.host;

import java.time.Duration;
import java.util.List;

/**
 * The host command channel: runs a command on the host (through nsenter into PID 1's namespaces, or
 * directly). Restart, version detection and status all go through this one interface.
 */
public interface HostExec {
  ExecResult run(List<String> argv, Duration timeout);

  /** What this channel would actually execute for argv (for logs and dry runs). */
  List<String> commandLine(List<String> argv);

  record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The first non-blank line of stderr (or stdout), for one-line error messages. */
    public String firstErrorLine() {
      for (String s : List.of(stderr, stdout)) {
        for (String line : s.split("\n")) {
          if (!line.isBlank()) {
            return line.strip();
          }
        }
      }
      return "exit code " + exitCode;
    }
  }
}
