package io.sealer.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A temporary working directory that records its owner: a lock file inside it is held (with the
 * owner's pid written in it) for as long as the owning process lives, and the operating system
 * releases the lock when that process dies however it dies. So {@link #sweep} can tell what a
 * killed process left behind from what a running one is using, and remove only the former.
 */
public final class OwnedDirectory implements AutoCloseable {
  /** The lock file inside each owned directory. */
  public static final String LOCK = ".owner.lock";

  /** A directory without a lock file is taken as left behind only when older than this. */
  private static final Duration UNLOCKED_GRACE = Duration.ofMinutes(1);

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private OwnedDirectory(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates {@code <parent>/<prefix><random>} and takes ownership of it. */
  public static OwnedDirectory create(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    Path dir = Files.createTempDirectory(parent, prefix);
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileLock lock = ch.lock();
      ch.write(
          java.nio.ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return new OwnedDirectory(dir, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      LayerReader.deleteRecursively(dir);
      throw e;
    }
  }

  /** The directory. */
  public Path path() {
    return path;
  }

  /** Deletes the directory, then gives up ownership. */
  @Override
  public void close() throws IOException {
    try {
      deleteContent(path);
    } finally {
      try {
        lock.release();
      } finally {
        channel.close();
        Files.deleteIfExists(path.resolve(LOCK));
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Removes every {@code <parent>/<prefix>*} directory whose owner is gone: its lock file is not
   * held, or it has none (made before owners were recorded, or killed between creating it and
   * locking) and is older than a minute.
   *
   * @return the directories removed
   */
  public static List<Path> sweep(Path parent, String prefix) throws IOException {
    return sweep(parent, prefix, true);
  }

  /**
   * Removes every directory of {@code parent} that has a lock file nobody holds: what any owned
   * directory's dead owner left, whatever its name; directories without a lock file are not
   * touched.
   */
  public static List<Path> sweepOwned(Path parent) throws IOException {
    return sweep(parent, "", false);
  }

  private static List<Path> sweep(Path parent, String prefix, boolean unlocked) throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return removed;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && (unlocked || Files.exists(dir.resolve(LOCK)))
            && removeIfDead(dir)) {
          removed.add(dir);
        }
      }
    }
    return removed;
  }

  private static boolean removeIfDead(Path dir) throws IOException {
    Path lockFile = dir.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      FileTime modified = Files.getLastModifiedTime(dir);
      if (modified.toInstant().isAfter(Instant.now().minus(UNLOCKED_GRACE))) {
        return false;
      }
      LayerReader.deleteRecursively(dir);
      return true;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // owned by this process
      }
      if (lock == null) {
        return false; // owned by a live process
      }
      try {
        deleteContent(dir);
      } finally {
        lock.release();
      }
    }
    Files.deleteIfExists(lockFile);
    Files.deleteIfExists(dir);
    return true;
  }

  /** Deletes what a directory holds except its lock file. */
  private static void deleteContent(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(LOCK)) {
          LayerReader.deleteRecursively(entry);
        }
      }
    }
  }
}
