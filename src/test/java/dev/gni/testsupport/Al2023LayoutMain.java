package dev.gni.testsupport;

import dev.gni.testsupport.ContainerdBinaries.Series;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * BENCHMARK SUPPORT (bench/e2e-host.sh create), not a test: writes the fake EKS AL2023 node's files under a host
 * root with {@link Al2023Layout}, the same layout the tests' {@link Al2023Host} uses, so that the benchmarks'
 * node and the tests' node are one description. Usage: {@code Al2023LayoutMain H SERIES} (SERIES: 1.6, 1.7, 2.1).
 */
public final class Al2023LayoutMain {
  private Al2023LayoutMain() {
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: Al2023LayoutMain H SERIES");
      System.exit(2);
    }
    Series series = Arrays.stream(Series.values()).filter(s -> s.seriesName().equals(args[1])).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown containerd series " + args[1]));
    Al2023Layout.write(Path.of(args[0]), ContainerdBinaries.of(series));
  }
}
