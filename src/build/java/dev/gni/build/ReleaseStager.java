package dev.gni.build;

import dev.gni.binaries.Arch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lays out one architecture's release under {@code <out>/<arch>/}: runsc, containerd-shim-runsc-v1 and gvisor-bin/,
 * each checked to be an ELF for that architecture, plus SHA512SUMS. Builds in a scratch folder and swaps it in only
 * when every check passed, so a failed run leaves no half-made folder behind.
 */
public final class ReleaseStager {
  private final Path out;

  public ReleaseStager(Path out) {
    this.out = out;
  }

  /** From a release archive whose checksum was already verified. */
  public Path fromArchive(Arch arch, Path archive) {
    Path scratch = scratch(arch);
    ArchiveUnpacker.unpack(archive, scratch, arch.releaseName() + "/gvisor.tar.bz2");
    return finish(arch, scratch);
  }

  /** From a folder that already holds the unpacked files. */
  public Path fromDirectory(Arch arch, Path dir) {
    Path scratch = scratch(arch);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (!ReleaseFiles.wanted(rel) || Files.isDirectory(p)) {
          continue;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new BuildException(arch.releaseName() + ": '" + rel + "' in " + dir + " is not a regular file");
        }
        Path target = scratch.resolve(rel);
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BuildException(arch.releaseName() + ": cannot copy from " + dir + ": " + e.getMessage(), e);
    }
    return finish(arch, scratch);
  }

  private Path scratch(Arch arch) {
    Path scratch = out.resolve("." + arch.releaseName() + ".partial");
    deleteTree(scratch);
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new BuildException("cannot create " + scratch + ": " + e.getMessage(), e);
    }
    return scratch;
  }

  private Path finish(Arch arch, Path scratch) {
    try {
      for (String name : ReleaseFiles.TOP_LEVEL) {
        if (!Files.isRegularFile(scratch.resolve(name))) {
          throw new BuildException(arch.releaseName() + ": the release has no " + name);
        }
      }
      List<String> files = relativeFiles(scratch);
      if (files.stream().noneMatch(f -> f.startsWith(ReleaseFiles.SIDECARS + "/"))) {
        throw new BuildException(arch.releaseName() + ": the release has no " + ReleaseFiles.SIDECARS + "/ files");
      }
      StringBuilder sums = new StringBuilder();
      for (String rel : files) {
        Path f = scratch.resolve(rel);
        Elf.require(f, arch, rel);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        sums.append(Sha512.of(f)).append("  ").append(rel).append('\n');
      }
      Files.writeString(scratch.resolve(ReleaseFiles.SUMS), sums, StandardCharsets.UTF_8);
      Path target = out.resolve(arch.releaseName());
      deleteTree(target);
      Files.move(scratch, target);
      return target;
    } catch (IOException e) {
      throw new BuildException(arch.releaseName() + ": cannot lay out the release: " + e.getMessage(), e);
    } finally {
      deleteTree(scratch);
    }
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
    }
    files.sort(null);
    return files;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
