package dev.gni.cli;

import dev.gni.exit.ExitCode;
import dev.gni.flow.TerminatedException;
import dev.gni.host.Checkpoints;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM without a half-done step. The JVM runs shutdown hooks on SIGTERM while the run's thread keeps
 * going; this hook marks the stop as requested and waits for the run. The run sees the request at its next
 * step boundary ({@link #reach}: after each file written, before and after each rename, before and after the
 * restart) and ends there with {@link TerminatedException}, so the step in progress is finished, never cut
 * in half; a write in flight completes its rename or leaves the old file. The crash-consistency tests prove
 * that a later run converges from every boundary. The hook then exits with the run's exit code. If the run
 * does not end within the budget, the hook exits anyway (as SIGKILL would; a re-run still converges).
 */
public final class GracefulStop implements Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
  /**
   * The hook's wait for the run: the longest stretch between two step boundaries with the default timeouts
   * (after the restart: containerd back within --restart-timeout 60 s, the canary within --canary-timeout 60 s
   * plus 30 s for its cleanup, then the label and Event) with margin. The chart's terminationGracePeriodSeconds
   * (180) exceeds it, so kubelet's SIGKILL never comes first. docs/operations.md has the measurement.
   */
  public static final Duration BUDGET = Duration.ofSeconds(170);

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int exitCode = ExitCode.TERMINATED.code();

  /** Not yet hooked to any signal: {@link #request()} stands for SIGTERM (tests call it). */
  public GracefulStop() {
  }

  /** Hooks SIGTERM (the JVM's shutdown) to {@link #request()}, then waits up to {@code budget} for the run. */
  public static GracefulStop onSigterm(Duration budget) {
    GracefulStop stop = new GracefulStop();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.onShutdown(budget), "sigterm"));
    return stop;
  }

  /** Asks the run to stop at its next step boundary. */
  public void request() {
    requested.set(true);
  }

  public boolean requested() {
    return requested.get();
  }

  @Override
  public void reach(String step) {
    if (requested.get() && !step.startsWith("before rename")) { // a temp file written is renamed first
      throw new TerminatedException("stopped by SIGTERM after step '" + step + "'; that step is complete and a"
          + " re-run continues from there");
    }
  }

  /** The run's end, with its exit code; a hook waiting on SIGTERM exits with it. */
  public void finished(int code) {
    exitCode = code;
    finished.countDown();
  }

  private void onShutdown(Duration budget) {
    if (finished.getCount() == 0) {
      return; // a normal exit: nothing to wait for
    }
    request();
    LOG.warn("SIGTERM: stopping at the next step boundary (waiting at most {} s)", budget.toSeconds());
    boolean done;
    try {
      done = finished.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    if (!done) {
      LOG.error("SIGTERM: the run did not reach a step boundary within {} s; exiting anyway (a re-run converges)",
          budget.toSeconds());
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(done ? exitCode : ExitCode.TERMINATED.code());
  }
}
