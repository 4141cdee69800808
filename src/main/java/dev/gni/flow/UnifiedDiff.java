package dev.gni.flow;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (3 lines of context) of two texts, for --dry-run. Plain LCS: config files are small. */
public final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {
  }

  public static String of(String path, String before, String after) {
    List<String> a = before.isEmpty() ? List.of() : List.of(before.split("\n", -1));
    List<String> b = after.isEmpty() ? List.of() : List.of(after.split("\n", -1));
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String[]> ops = new ArrayList<>(); // {op, text, aIndex, bIndex}
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.add(new String[] {" ", a.get(i), "" + i++, "" + j++});
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        ops.add(new String[] {"+", b.get(j), "" + i, "" + j++});
      } else {
        ops.add(new String[] {"-", a.get(i), "" + i++, "" + j});
      }
    }
    StringBuilder out = new StringBuilder("--- " + path + "\n+++ " + path + " (after install)\n");
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k)[0].equals(" ")) {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      int lastChange = k;
      while (end < ops.size() && (end - lastChange) <= 2 * CONTEXT) {
        if (!ops.get(end)[0].equals(" ")) {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(ops.size(), lastChange + CONTEXT + 1);
      int aStart = Integer.parseInt(ops.get(start)[2]);
      int bStart = Integer.parseInt(ops.get(start)[3]);
      int aLen = 0;
      int bLen = 0;
      StringBuilder hunk = new StringBuilder();
      for (int x = start; x < end; x++) {
        String[] op = ops.get(x);
        aLen += op[0].equals("+") ? 0 : 1;
        bLen += op[0].equals("-") ? 0 : 1;
        hunk.append(op[0]).append(op[1]).append('\n');
      }
      out.append("@@ -").append(aStart + 1).append(',').append(aLen).append(" +").append(bStart + 1).append(',')
          .append(bLen).append(" @@\n").append(hunk);
      k = end;
    }
    return out.toString();
  }
}
