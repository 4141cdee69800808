package dev.gni.exit;

/**
 * A failure that knows its documented exit code. Every exception type the installer throws on purpose
 * implements this, so the code sits on the type's declaration and the compiler keeps the mapping: the command line
 * asks the exception, and anything that does not answer is {@link ExitCode#INTERNAL}.
 */
public interface ExitStatus {
  ExitCode exitCode();
}
