package io.sealer.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@link SnapshotDriver#copy()}. */
final class CopySnapshotDriver implements SnapshotDriver {

  @Override
  public String name() {
    return "copy";
  }

  @Override
  public Snapshot prepare(List<LayerSource> layers, Path workDir) throws IOException {
    Path rootfs = workDir.resolve("rootfs");
    Files.createDirectories(rootfs);
    for (LayerSource layer : layers) {
      try (InputStream in = layer.open()) {
        LayerReader.extract(in, rootfs);
      }
    }
    return new CopySnapshot(workDir, rootfs, scan(rootfs));
  }

  /** What identifies a version of an entry: type, size, time, mode, link target. */
  record State(char type, long size, long mtimeNanos, int mode, String link) {}

  static Map<String, State> scan(Path rootfs) throws IOException {
    Map<String, State> states = new TreeMap<>();
    Files.walkFileTree(
        rootfs,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(rootfs)) {
              states.put(rel(rootfs, dir), state(dir, attrs));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            states.put(rel(rootfs, file), state(file, attrs));
            return FileVisitResult.CONTINUE;
          }
        });
    return states;
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static State state(Path p, BasicFileAttributes attrs) throws IOException {
    char type =
        attrs.isDirectory()
            ? 'd'
            : attrs.isSymbolicLink() ? 'l' : attrs.isRegularFile() ? 'f' : 'o';
    int mode = 0;
    try {
      mode =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .permissions()
              .hashCode();
    } catch (UnsupportedOperationException e) {
      // no POSIX modes here
    }
    String link = attrs.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : "";
    long nanos = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    return new State(
        type, attrs.isDirectory() ? 0 : attrs.size(), type == 'd' ? 0 : nanos, mode, link);
  }

  private static final class CopySnapshot implements Snapshot {
    private final Path workDir;
    private final Path rootfs;
    private final Map<String, State> before;

    CopySnapshot(Path workDir, Path rootfs, Map<String, State> before) {
      this.workDir = workDir;
      this.rootfs = rootfs;
      this.before = before;
    }

    @Override
    public Path rootfs() {
      return rootfs;
    }

    @Override
    public LayerDigests diff(OutputStream out) throws IOException {
      Map<String, State> after = scan(rootfs);
      LayerWriter writer = new LayerWriter();
      for (Map.Entry<String, State> e : after.entrySet()) {
        if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
          writer.addFile(rootfs.resolve(e.getKey()), e.getKey());
        }
      }
      List<String> deleted = new ArrayList<>();
      for (String path : before.keySet()) {
        State now = after.get(path);
        boolean gone = now == null || (before.get(path).type() == 'd' && now.type() != 'd');
        if (gone && deleted.stream().noneMatch(d -> path.startsWith(d + "/"))) {
          deleted.add(path);
          if (now == null) {
            writer.addWhiteout(path);
          }
        }
      }
      return writer.writeTo(out);
    }

    @Override
    public void close() throws IOException {
      LayerReader.deleteRecursively(workDir);
    }
  }
}
