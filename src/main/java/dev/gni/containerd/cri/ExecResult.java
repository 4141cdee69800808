package dev.gni.containerd.cri;

/**
 * What a command run by CRI {@code ExecSync} left: its exit code and its output as UTF-8 text (the runtime
 * caps each stream at 16 MiB).
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
}
