package dev.gni.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs registered kill actions when the JVM exits, for daemons a test forgot to close. */
final class ExitReaper {
  private static final Map<Object, Runnable> KILLS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> KILLS.values().forEach(Runnable::run), "gni-exit-reaper"));
  }

  private ExitReaper() {
  }

  static void register(Object owner, Runnable kill) {
    KILLS.put(owner, kill);
  }

  static void unregister(Object owner) {
    KILLS.remove(owner);
  }
}
