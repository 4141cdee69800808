package dev.gni.host;

/**
 * Named step boundaries of a run ("after write X", "before rename Y", "before restart", ...). Production
 * code reports them; crash-consistency tests count them and abort the run at each one in turn.
 */
@FunctionalInterface
public interface Checkpoints {
  Checkpoints NONE = step -> { };

  void reach(String step);
}
