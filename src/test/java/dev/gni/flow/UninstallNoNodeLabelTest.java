package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gni.testsupport.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs tell the truth: an uninstall with --no-node-label touched no API, so its log never says that it removed
 * a label (the CLI's log goes to System.err through logback, captured here).
 */
class UninstallNoNodeLabelTest {
  @TempDir
  Path tmp;

  @Test
  void uninstall_noNodeLabel_neverClaimsALabelRemoval() throws Exception {
    Path host = TestHosts.demoHost(tmp);
    Path release = TestHosts.release(tmp);
    assertEquals(0, CliRun.run(host, release, "install").code());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    CliRun r;
    try {
      r = CliRun.run(host, release, "uninstall");
    } finally {
      System.setErr(original);
    }
    String text = log.toString(StandardCharsets.UTF_8);
    assertEquals(0, r.code(), r.err() + text);
    assertFalse(text.isBlank(), "the uninstall's log was captured");
    assertFalse(text.lines().anyMatch(l -> l.contains("label") && l.contains("remov")), text);
  }
}
