package dev.gni.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EffectiveUidTest {
  @Test
  void effectiveUid_isWhatIdUSays() throws Exception {
    Process p = new ProcessBuilder("id", "-u").start(); // coreutils: the effective uid
    String id = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    assertEquals(Long.parseLong(id), EffectiveUid.read().orElseThrow());
    assertEquals(id.equals("0"), EffectiveUid.isRoot());
  }
}
