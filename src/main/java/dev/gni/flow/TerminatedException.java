package dev.gni.flow;

/** The run stopped at a step boundary because the process was asked to terminate (SIGTERM). */
public class TerminatedException extends RuntimeException {
  public TerminatedException(String message) {
    super(message);
  }
}
