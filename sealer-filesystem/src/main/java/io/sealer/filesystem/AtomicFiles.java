package io.sealer.filesystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes files so that a reader (or a process started after a crash) sees either the old content or
 * the new content, never a mix: the bytes go to a temporary file in the same directory, which is
 * synced and then renamed over the target; the directory is synced too.
 */
public final class AtomicFiles {
  /** Prefix of the temporary files this class leaves behind only if the process dies. */
  public static final String TEMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code content} atomically and durably. */
  public static void write(Path target, byte[] content) throws IOException {
    writeFile(target, content, null);
  }

  /**
   * Like {@link #write(Path, byte[])}, the file having exactly {@code permissions} from its
   * creation on (so a private key is never readable by others, not even as a temporary file).
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    writeFile(target, content, permissions);
  }

  private static void writeFile(
      Path target, byte[] content, @Nullable Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
    try {
      try (FileChannel ch = open(tmp, permissions)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static FileChannel open(Path tmp, @Nullable Set<PosixFilePermission> permissions)
      throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (permissions == null) {
      return FileChannel.open(tmp, options);
    }
    FileChannel ch =
        FileChannel.open(tmp, options, PosixFilePermissions.asFileAttribute(permissions));
    Files.setPosixFilePermissions(tmp, permissions); // the umask may have taken bits away
    return ch;
  }

  /** Renames {@code source} over {@code target} atomically, then syncs the target's directory. */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Syncs a directory so that renames and new entries in it survive a power loss. */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms and file systems cannot open or sync a directory; the rename still holds.
    }
  }
}
