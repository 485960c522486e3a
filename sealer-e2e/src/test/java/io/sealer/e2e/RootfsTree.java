package io.sealer.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A rootfs of mixed content for distribution tests, and its listing in the form the host-side
 * {@link #LISTING} script prints, so that a host's copy can be compared line by line.
 */
final class RootfsTree {
  /**
   * Run in the target directory on a host: one line per entry (type, octal mode, path, link
   * target), then {@code sha256sum} of every regular file, each part sorted bytewise.
   */
  static final String LISTING =
      "find . -mindepth 1 -printf '%y %m %p %l\\n' | LC_ALL=C sort\n"
          + "find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum\n";

  private RootfsTree() {}

  /**
   * Writes {@code large} random files of {@code largeMiB} MiB each and {@code small} files of 0 to
   * 24 KiB in 50 directories, with executables, private files and directories, read-only files,
   * relative symbolic links to files and to a directory, and an empty file. Returns the bytes
   * written.
   */
  static long write(Path root, int large, int largeMiB, int small, long seed) throws IOException {
    Random random = new Random(seed);
    long total = 0;
    Path big = Files.createDirectories(root.resolve("images"));
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < large; i++) {
      try (OutputStream out = Files.newOutputStream(big.resolve("large-" + i + ".bin"))) {
        for (int mb = 0; mb < largeMiB; mb++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
      total += (long) largeMiB << 20;
    }
    for (int i = 0; i < small; i++) {
      Path dir = Files.createDirectories(root.resolve("etc/d" + (i % 50)));
      byte[] data = new byte[random.nextInt(24 * 1024)];
      random.nextBytes(data);
      Path file = dir.resolve("f" + i + (i % 7 == 0 ? ".sh" : ".conf"));
      Files.write(file, data);
      total += data.length;
      if (i % 7 == 0) {
        mode(file, "rwxr-xr-x");
      } else if (i % 11 == 0) {
        mode(file, "rw-------");
      } else if (i % 13 == 0) {
        mode(file, "r--r--r--");
      }
    }
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(bin.resolve("tool"), "#!/bin/sh\necho tool\n");
    mode(bin.resolve("tool"), "rwxr-x---");
    Files.write(root.resolve("empty"), new byte[0]);
    for (int i = 0; i < 20; i++) {
      Files.createSymbolicLink(
          bin.resolve("link-" + i), Path.of("../etc/d" + i + "/f" + (i + 50) + ".conf"));
    }
    Files.createSymbolicLink(root.resolve("conf"), Path.of("etc/d3"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/file"));
    Path secret = Files.createDirectories(root.resolve("private"));
    Files.writeString(secret.resolve("key"), "not really a key\n");
    mode(secret, "rwx------");
    return total;
  }

  /** The listing of a local tree, as {@link #LISTING} prints it on a host. */
  static String listing(Path root) throws IOException {
    List<String> entries = new ArrayList<>();
    List<String> sums = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
        String rel = "./" + root.relativize(p);
        if (Files.isSymbolicLink(p)) {
          entries.add("l 777 " + rel + " " + Files.readSymbolicLink(p));
          continue;
        }
        Set<PosixFilePermission> perms =
            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        String mode = Integer.toOctalString(bits(perms));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          entries.add("d " + mode + " " + rel + " ");
        } else {
          entries.add("f " + mode + " " + rel + " ");
          sums.add(sha256(p) + "  " + rel);
        }
      }
    }
    entries.sort(null);
    sums.sort((a, b) -> a.substring(66).compareTo(b.substring(66)));
    return String.join("\n", entries) + "\n" + String.join("\n", sums) + "\n";
  }

  private static int bits(Set<PosixFilePermission> perms) {
    int bits = 0;
    for (PosixFilePermission p : perms) {
      bits |= 1 << (8 - p.ordinal());
    }
    return bits;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void mode(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }
}
