package io.sealer.filesystem;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@link SnapshotDriver#overlay(Path)}: overlayfs with {@code userxattr}, layers cached by diff id.
 */
final class OverlaySnapshotDriver implements SnapshotDriver {
  private final Path cache;

  OverlaySnapshotDriver(Path cache) {
    this.cache = cache.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return "overlay";
  }

  /** Whether an overlay can be mounted here: Linux, root, and a test mount succeeds. */
  static boolean available(Path scratchParent) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
        || !"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    Path probe = scratchParent.resolve(AtomicFiles.TEMP_PREFIX + "probe-" + UUID.randomUUID());
    try {
      for (String d : List.of("l", "u", "w", "m")) {
        Files.createDirectories(probe.resolve(d));
      }
      mount(
          List.of(probe.resolve("l")), probe.resolve("u"), probe.resolve("w"), probe.resolve("m"));
      OverlayMarks.run("umount", probe.resolve("m").toString());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      try {
        LayerReader.deleteRecursively(probe);
      } catch (IOException e) {
        // best effort
      }
    }
  }

  @Override
  public Snapshot prepare(List<LayerSource> layers, Path workDir) throws IOException {
    Files.createDirectories(workDir);
    List<Path> lowers = new ArrayList<>();
    int n = 0;
    for (LayerSource layer : layers) {
      lowers.add(extracted(layer, workDir.resolve("layers").resolve(Integer.toString(n++))));
    }
    if (lowers.isEmpty()) {
      lowers.add(Files.createDirectories(workDir.resolve("empty")));
    }
    Path upper = Files.createDirectories(workDir.resolve("upper"));
    Path work = Files.createDirectories(workDir.resolve("work"));
    Path merged = Files.createDirectories(workDir.resolve("rootfs"));
    mount(lowers, upper, work, merged);
    return new OverlaySnapshot(workDir, upper, merged);
  }

  /** The extracted layer: from the cache (extracting it there once) or, without a diff id, here. */
  private Path extracted(LayerSource layer, Path uncached) throws IOException {
    Digest diffId = layer.diffId();
    if (diffId == null) {
      try (InputStream in = layer.open()) {
        LayerReader.extractForOverlay(in, uncached);
      }
      return uncached;
    }
    Path target = cache.resolve(diffId.hex());
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(cache);
    Path temp = cache.resolve(AtomicFiles.TEMP_PREFIX + UUID.randomUUID());
    try {
      Digest actual;
      try (InputStream in = layer.open()) {
        actual = LayerReader.extractForOverlay(in, temp);
      }
      if (!actual.equals(diffId)) {
        throw new SealerException(
            "could not extract layer " + diffId + ": its content has diff id " + actual);
      }
      try {
        AtomicFiles.move(temp, target);
      } catch (IOException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
      }
    } finally {
      LayerReader.deleteRecursively(temp);
    }
    return target;
  }

  private static void mount(List<Path> lowers, Path upper, Path work, Path merged)
      throws IOException {
    List<String> reversed = new ArrayList<>();
    for (int i = lowers.size() - 1; i >= 0; i--) {
      reversed.add(lowers.get(i).toString());
    }
    OverlayMarks.run(
        "mount",
        "-t",
        "overlay",
        "overlay",
        "-o",
        "userxattr,lowerdir="
            + String.join(":", reversed)
            + ",upperdir="
            + upper
            + ",workdir="
            + work,
        merged.toString());
  }

  private static final class OverlaySnapshot implements Snapshot {
    private final Path workDir;
    private final Path upper;
    private final Path merged;
    private boolean mounted = true;

    OverlaySnapshot(Path workDir, Path upper, Path merged) {
      this.workDir = workDir;
      this.upper = upper;
      this.merged = merged;
    }

    @Override
    public Path rootfs() {
      return merged;
    }

    @Override
    public LayerDigests diff(OutputStream out) throws IOException {
      LayerWriter writer = new LayerWriter();
      Files.walkFileTree(
          upper,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(upper)) {
                String rel = upper.relativize(dir).toString();
                writer.addFile(dir, rel);
                if (OverlayMarks.isOpaque(dir)) {
                  writer.addWhiteout(rel + "/" + LayerReader.OPAQUE);
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              String rel = upper.relativize(file).toString();
              if (attrs.isOther() && OverlayMarks.isWhiteout(file)) {
                writer.addWhiteout(rel);
              } else {
                writer.addFile(file, rel);
              }
              return FileVisitResult.CONTINUE;
            }
          });
      return writer.writeTo(out);
    }

    @Override
    public void close() throws IOException {
      if (mounted) {
        OverlayMarks.run("umount", merged.toString());
        mounted = false;
      }
      LayerReader.deleteRecursively(workDir);
    }
  }
}
