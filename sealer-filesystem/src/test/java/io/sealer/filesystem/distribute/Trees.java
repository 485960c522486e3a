package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Builds rootfs trees for tests and compares two trees entry by entry. */
final class Trees {
  private Trees() {}

  /**
   * Writes a rootfs-like tree: {@code files} files of random sizes adding up to about {@code
   * totalBytes}, spread over nested directories, with awkward names (spaces, quotes, a newline),
   * executable and read-only files, a read-only directory, links, and a {@code registry/} part.
   */
  static void write(Path root, int files, long totalBytes, long seed) throws IOException {
    Random random = new Random(seed);
    String[] dirs = {
      "bin",
      "etc",
      "etc/kube",
      "scripts",
      "manifests",
      "charts/app/templates",
      "images",
      "registry/docker/registry/v2/blobs",
      "odd dir/it's \"quoted\"",
      "odd dir/new\nline"
    };
    for (String dir : dirs) {
      Files.createDirectories(root.resolve(dir));
    }
    long perFile = Math.max(1, totalBytes / files);
    for (int i = 0; i < files; i++) {
      String dir = dirs[i % dirs.length];
      long size = i % 7 == 0 ? 0 : (long) (random.nextDouble() * 2 * perFile);
      byte[] data = new byte[(int) size];
      random.nextBytes(data);
      Path file = root.resolve(dir).resolve("f" + i + (i % 5 == 0 ? " with space" : "") + ".bin");
      Files.write(file, data);
      chmod(file, i % 3 == 0 ? 0755 : i % 11 == 0 ? 0400 : 0644);
    }
    Files.writeString(root.resolve("etc/kubeadm.yml"), "kind: ClusterConfiguration\n");
    Files.createSymbolicLink(root.resolve("bin/kubectl-link"), Path.of("kubectl"));
    Files.createSymbolicLink(root.resolve("etc/abs-link"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(root.resolve("odd dir/dir link"), Path.of("../etc"));
    Files.createDirectories(root.resolve("statics/ro"));
    Files.writeString(root.resolve("statics/ro/audit-policy.yml"), "rules: []\n");
    chmod(root.resolve("statics/ro"), 0555);
  }

  static void chmod(Path path, int mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode);
  }

  /** Asserts that two trees hold the same entries: types, modes, contents and link targets. */
  static void assertSame(Path expected, Path actual, Predicate<String> include) throws IOException {
    assertThat(describe(actual, include)).isEqualTo(describe(expected, include));
  }

  static TreeMap<String, String> describe(Path root, Predicate<String> include) throws IOException {
    TreeMap<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        if (!include.test(rel)) {
          continue;
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.put(rel, "dir " + Integer.toOctalString(mode));
        } else {
          out.put(
              rel,
              "file "
                  + Integer.toOctalString(mode)
                  + " "
                  + HexFormat.of().formatHex(LocalTree.sha256().digest(Files.readAllBytes(p)))
                  + " "
                  + Files.size(p));
        }
      }
    }
    return out;
  }

  static boolean notRegistry(String path) {
    return !RelativePaths.isUnder(path, LocalTree.REGISTRY);
  }
}
