package io.sealer.filesystem;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.concurrent.TimeUnit;

/** The whiteout marks of overlayfs (mounted with {@code userxattr}): reading and writing them. */
final class OverlayMarks {
  static final String OPAQUE_XATTR = "overlay.opaque";
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;

  private OverlayMarks() {}

  /** Creates a 0/0 character device at {@code path}: "deleted" for overlayfs. */
  static void whiteout(Path path) throws IOException {
    run("mknod", path.toString(), "c", "0", "0");
  }

  /** Marks a directory opaque: lower layers' content of it is hidden. */
  static void markOpaque(Path dir) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
    view.write(OPAQUE_XATTR, ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
  }

  static boolean isWhiteout(Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & S_IFMT) != S_IFCHR) {
      return false;
    }
    return ((Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS)) == 0L;
  }

  static boolean isOpaque(Path dir) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(
            dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (!view.list().contains(OPAQUE_XATTR)) {
      return false;
    }
    ByteBuffer buf = ByteBuffer.allocate(view.size(OPAQUE_XATTR));
    view.read(OPAQUE_XATTR, buf);
    return new String(buf.array(), StandardCharsets.US_ASCII).equals("y");
  }

  /** Runs a system command; fails with its output. */
  static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SealerException("could not run " + command[0] + ": timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    }
    if (p.exitValue() != 0) {
      throw new SealerException(
          "could not run " + String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
    }
  }
}
