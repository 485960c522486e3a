package io.sealer.image.build;

import io.sealer.api.SealerException;
import io.sealer.filesystem.LayerWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The metadata of every path under a rootfs, taken before and after a RUN to find what it changed:
 * new and changed files and symlinks, new directories and directories whose mode changed, and
 * deleted paths (as OCI whiteouts, only the topmost deleted path).
 */
final class RootfsSnapshot {
  private record Meta(
      boolean dir, long size, Object mtime, Object ctime, Object mode, Object ino) {}

  private final Path root;
  private final Map<String, Meta> entries;

  private RootfsSnapshot(Path root, Map<String, Meta> entries) {
    this.root = root;
    this.entries = entries;
  }

  static RootfsSnapshot take(Path root) {
    Map<String, Meta> entries = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root)).forEach(p -> entries.put(rel(root, p), meta(p)));
    } catch (IOException | UncheckedIOException e) {
      throw new SealerException("could not read rootfs " + root + ": " + e.getMessage(), e);
    }
    return new RootfsSnapshot(root, entries);
  }

  private static Meta meta(Path p) {
    try {
      Map<String, Object> a =
          Files.readAttributes(
              p, "unix:size,lastModifiedTime,ctime,mode,ino", LinkOption.NOFOLLOW_LINKS);
      boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      return new Meta(
          dir,
          dir ? 0 : (Long) a.get("size"),
          dir ? null : a.get("lastModifiedTime"),
          dir ? null : a.get("ctime"),
          a.get("mode"),
          dir ? null : a.get("ino"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  /**
   * Adds to {@code layer} what changed from this snapshot to {@code after}.
   *
   * @return the number of changed paths (0 gives an empty layer)
   */
  int diffInto(RootfsSnapshot after, LayerWriter layer) {
    int changes = 0;
    for (Map.Entry<String, Meta> e : after.entries.entrySet()) {
      Meta before = entries.get(e.getKey());
      if (before == null || !Objects.equals(before, e.getValue())) {
        layer.addFile(after.root.resolve(e.getKey()), e.getKey());
        changes++;
      }
    }
    for (String gone : entries.keySet()) {
      if (!after.entries.containsKey(gone)) {
        int slash = gone.lastIndexOf('/');
        String parent = slash < 0 ? null : gone.substring(0, slash);
        if (parent == null || after.entries.containsKey(parent)) {
          layer.addWhiteout(gone);
          changes++;
        }
      }
    }
    return changes;
  }
}
