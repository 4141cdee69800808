package dev.gni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The command line sits on top: no other package uses it, and the exit codes depend on nothing of ours (comments aside). */
class PackageDependenciesTest {
  private static final Path MAIN = Path.of("src/main/java/dev/gni");

  @Test
  void noPackageButCli_importsCli() throws IOException {
    assertEquals(List.of(), filesNaming(Pattern.compile("\\bdev\\.gni\\.cli\\b"),
        p -> !p.startsWith(MAIN.resolve("cli"))));
  }

  @Test
  void exitCodes_dependOnNothingOfOurs() throws IOException {
    assertEquals(List.of(), filesNaming(Pattern.compile("\\bdev\\.gni\\.(?!exit\\b)\\w+"),
        p -> p.startsWith(MAIN.resolve("exit"))));
  }

  private static List<Path> filesNaming(Pattern name, Predicate<Path> which) throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).filter(which).filter(p -> {
        try {
          return Files.readAllLines(p).stream().map(String::strip)
              .filter(l -> !l.startsWith("package ") && !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//"))
              .anyMatch(l -> name.matcher(l).find());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
