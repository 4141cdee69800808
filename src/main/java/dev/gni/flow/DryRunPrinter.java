package dev.gni.flow;

import java.io.PrintStream;

/** Prints the plan and a unified diff of every file that would change; writes nothing. */
final class DryRunPrinter {
  private final PrintStream out;

  DryRunPrinter(PrintStream out) {
    this.out = out;
  }

  void print(InstallPlan plan) {
    out.println("dry run: nothing was changed");
    out.println("distribution: " + plan.distribution().name() + " (" + plan.distribution().why() + ")");
    out.println("containerd:   " + plan.version());
    out.println("release:      " + plan.release().id() + " from " + plan.release().dir());
    out.println("config:       " + plan.config().strategy() + " " + plan.config().path());
    plan.config().reasons().forEach(r -> out.println("  - " + r));
    plan.binaryChanges().forEach(c -> out.println("binaries:     " + c));
    if (!plan.changesAnything()) {
      out.println("nothing to change");
    }
    if (plan.shimChanged()) {
      out.print(UnifiedDiff.of(plan.shimConfigPath(), plan.shimBefore().orElse(""), plan.shimAfter()));
    }
    if (plan.config().edit().changed()) {
      out.print(UnifiedDiff.of(plan.config().path(), plan.config().edit().before(), plan.config().edit().after()));
    }
    plan.persist().stream().filter(dev.gni.distro.PersistFile::changed)
        .forEach(f -> out.print(UnifiedDiff.of(f.path(), f.before().orElse(""), f.after())));
  }
}
