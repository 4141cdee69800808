package dev.gni.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced {@code sh} block of docs/*.md and README.md: {@code bash -n} accepts it; an interactive bash
 * reads it without history expansion (a {@code !} inside double quotes); and the blocks that need no cluster
 * run for real. Blocks that pipe node names into {@code kubectl label} run against a RECORDING STAND-IN for
 * kubectl (no cluster exists here), which checks that each label call names its node before the labels.
 */
class DocShellBlocksTest {
  /** Commands that need a cluster, a registry, a node or a build: such blocks are only checked, not run. */
  private static final Pattern NEEDS_MORE = Pattern.compile(
      "(?m)(^|[\\s|;(`$])(kubectl|helm|docker|mvn|java|git|aws|eksctl|crictl|ctr|systemctl|sudo|curl|bash|"
          + "gvisor-node-installer|scripts/|\\.ci/)");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```sh\\n(.*?)^```");

  record Block(String file, int line, String text) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  static List<Block> blocks() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Block> out = new ArrayList<>();
    for (Path f : files) {
      String s = Files.readString(f);
      Matcher m = FENCE.matcher(s);
      while (m.find()) {
        int line = (int) s.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 2;
        out.add(new Block(f.toString(), line, m.group(1)));
      }
    }
    return out;
  }

  @Test
  void everyBlock_parses() throws Exception {
    List<Block> all = blocks();
    assertTrue(all.size() >= 15, "found only " + all.size() + " sh blocks");
    List<String> bad = new ArrayList<>();
    for (Block b : all) {
      Result r = bash(List.of("bash", "-n"), b.text(), null);
      if (r.code != 0) {
        bad.add(b + ": " + r.err.strip());
      }
    }
    assertEquals(List.of(), bad);
  }

  /** An interactive shell (where people paste these) expands {@code !word} in double quotes as history. */
  @Test
  void everyBlock_pastesIntoAnInteractiveBash_withoutHistoryExpansion() throws Exception {
    List<String> bad = new ArrayList<>();
    for (Block b : blocks()) {
      // nothing runs: history expansion happens as each line is read, before "if false" is evaluated
      Result r = bash(List.of("bash", "--norc", "--noprofile", "-i"), "if false; then\n" + b.text() + "\nfi\n",
          null);
      if (r.err.contains("event not found")) {
        bad.add(b + ": " + r.err.lines().filter(l -> l.contains("event not found")).findFirst().orElse(""));
      }
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void blocksThatNeedNoCluster_runForReal(@TempDir Path dir) throws Exception {
    List<String> ran = new ArrayList<>();
    for (Block b : blocks()) {
      if (NEEDS_MORE.matcher(b.text()).find()) {
        continue;
      }
      Result r = bash(List.of("bash", "-euo", "pipefail"), b.text(), dir);
      assertEquals(0, r.code, b + " failed: " + r.err);
      ran.add(b.toString());
    }
    System.out.println("[doc-shell] ran for real: " + ran);
    assertTrue(ran.stream().anyMatch(s -> s.startsWith("docs/rollout.md")), ran::toString);
  }

  /** The {@code ... -o name | xargs ... kubectl label} pipelines, with a recording stand-in for kubectl. */
  @Test
  void labelPipelines_nameEachNodeBeforeItsLabels(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path calls = dir.resolve("calls");
    Path stub = bin.resolve("kubectl");
    Files.writeString(stub, """
        #!/bin/sh
        # STAND-IN for kubectl: records each call; "get nodes ... -o name" lists two nodes, the first two times
        echo "$*" >> "$CALLS"
        case "$1 $2 $*" in
          "get nodes"*"-o name"*) echo x >> "$CALLS.listed"
            if [ "$(wc -l < "$CALLS.listed")" -le 2 ]; then printf 'node/n1\\nnode/n2\\n'; fi ;;
        esac
        exit 0
        """);
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(bin.resolve("sleep"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(bin.resolve("sleep"), PosixFilePermissions.fromString("rwxr-xr-x"));
    int checked = 0;
    for (Block b : blocks()) {
      if (!b.text().contains("xargs") || !b.text().contains("kubectl label")) {
        continue;
      }
      Files.deleteIfExists(calls);
      Files.deleteIfExists(Path.of(calls + ".listed"));
      String env = "export PATH=" + bin + ":$PATH CALLS=" + calls + " NS=gvisor-system NODE=n1 GROUP=pool=a\n";
      Result r = bash(List.of("bash", "-eo", "pipefail"), env + b.text(), dir);
      assertEquals(0, r.code, b + ": " + r.err);
      List<String> labels = Files.readAllLines(calls).stream().filter(l -> l.startsWith("label ")
          && !l.contains("--all")).toList();
      assertTrue(labels.contains("label node/n1 " + labelOf(labels)) && labels.size() >= 2, b + ": " + labels);
      for (String l : labels) {
        assertTrue(l.matches("label (node/\\S+|nodes? (--all|\\S+))( [\\w./-]+(=\\S*|-))+"), b + ": kubectl would"
            + " reject: kubectl " + l);
      }
      checked++;
    }
    assertTrue(checked >= 2, "label pipelines checked: " + checked);
  }

  private static String labelOf(List<String> labels) {
    return labels.get(0).substring(labels.get(0).indexOf(' ', "label ".length()) + 1);
  }

  record Result(int code, String out, String err) {
  }

  private static Result bash(List<String> cmd, String input, Path cwd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    pb.environment().put("HISTFILE", "/dev/null");
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish: " + cmd);
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
