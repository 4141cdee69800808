package dev.gni.upgrade;

import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/** TEST ONLY: what one CRI call on a pod did: it worked (with what it returned) or failed (with CRI's error). */
record Outcome(String op, boolean ok, String detail, long millis) {
  static Outcome of(String op, Supplier<String> call) {
    long t0 = System.nanoTime();
    try {
      String detail = call.get();
      return new Outcome(op, true, detail, (System.nanoTime() - t0) / 1_000_000);
    } catch (StatusRuntimeException e) {
      return new Outcome(op, false, e.getStatus().getCode() + ": " + e.getStatus().getDescription(),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      return new Outcome(op, false, e.getClass().getSimpleName() + ": " + e.getMessage(),
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  @Override
  public String toString() {
    return op + ": " + (ok ? "OK" : "FAILED") + " (" + millis + " ms) " + detail;
  }
}
