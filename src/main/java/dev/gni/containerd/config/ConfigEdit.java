package dev.gni.containerd.config;

import java.util.List;

/**
 * The result of planning a change to a config: the new text, what changed in words (for the log), and
 * the steps that undo it. {@link #changed()} is false when the file already had the desired state.
 */
public record ConfigEdit(String before, String after, List<String> changes, List<UndoStep> undo) {
  public boolean changed() {
    return !before.equals(after);
  }
}
