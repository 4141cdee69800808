package dev.gni.containerd.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A set of non-overlapping replacements in a text, applied together. */
final class TextEdits {
  private record Edit(int offset, int length, String insert, int seq) {
  }

  private final List<Edit> edits = new ArrayList<>();

  void insert(int offset, String text) {
    edits.add(new Edit(offset, 0, text, edits.size()));
  }

  void replace(int start, int end, String text) {
    edits.add(new Edit(start, end - start, text, edits.size()));
  }

  boolean isEmpty() {
    return edits.isEmpty();
  }

  String applyTo(String text) {
    List<Edit> sorted = new ArrayList<>(edits);
    // From the end backwards; inserts at one offset keep the order they were made in.
    sorted.sort(Comparator.comparingInt(Edit::offset).thenComparingInt(Edit::seq).reversed());
    StringBuilder sb = new StringBuilder(text);
    for (Edit e : sorted) {
      sb.replace(e.offset(), e.offset() + e.length(), e.insert());
    }
    return sb.toString();
  }
}
