package io.sealer.infra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Small file helpers for the provider's state: atomic writes with modes, and recursive removal. */
final class StateFiles {
  private StateFiles() {}

  /**
   * Writes {@code text} to {@code file} through a temporary file in the same directory (mode set
   * before any byte lands, fsync, rename), so a reader sees the old or the new file, never half.
   */
  static void writeAtomically(Path file, String text, String mode) throws IOException {
    Path temp = file.resolveSibling(".tmp-" + file.getFileName());
    Files.deleteIfExists(temp);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)))) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Removes {@code dir} and everything below it without following symbolic links. The caller has
   * checked that nothing is mounted below it.
   */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void delete(Path path) throws IOException {
    try {
      Files.delete(path);
    } catch (NoSuchFileException e) {
      // already gone
    }
  }

  /** True if anything is mounted at or below {@code dir} in this mount namespace. */
  static boolean hasMountsBelow(Path dir) throws IOException {
    String prefix = dir.toAbsolutePath().normalize().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        String mountPoint = fields[4].replace("\\040", " ");
        if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
          return true;
        }
      }
    }
    return false;
  }
}
