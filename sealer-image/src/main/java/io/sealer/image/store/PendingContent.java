package io.sealer.image.store;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Blobs this process wrote that no name refers to yet (a pull or build in progress), and the shared
 * lock on {@code writers.lock} that tells other processes' prune to keep away while there are any.
 * Prune takes that lock exclusively; within this process it skips {@link #digests()}.
 */
final class PendingContent {
  private final Path lockFile;
  private final Set<Digest> committed = new HashSet<>();
  private int openWriters;
  private FileChannel channel;
  private FileLock shared;

  PendingContent(Path layout) {
    this.lockFile = layout.resolve("writers.lock");
  }

  synchronized void writerOpened() throws IOException {
    openWriters++;
    acquireShared();
  }

  synchronized void writerClosed() throws IOException {
    openWriters--;
    releaseIfIdle();
  }

  synchronized void committed(Digest digest) {
    committed.add(digest);
  }

  synchronized void named(Set<Digest> digests) throws IOException {
    committed.removeAll(digests);
    releaseIfIdle();
  }

  synchronized Set<Digest> digests() {
    return Set.copyOf(committed);
  }

  synchronized boolean writing() {
    return openWriters > 0;
  }

  /** Runs {@code action} holding {@code writers.lock} exclusively (no other process writing). */
  synchronized <T> T withExclusive(StoreLocks.IoSupplier<T> action) throws IOException {
    boolean hadShared = shared != null;
    releaseShared();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new SealerException(
              "could not prune the image store: another sealer process is writing to it;"
                  + " run prune again when it has finished");
        }
        try {
          return action.get();
        } finally {
          lock.release();
        }
      }
    } finally {
      if (hadShared) {
        acquireShared();
      }
    }
  }

  private void acquireShared() throws IOException {
    if (shared != null) {
      return;
    }
    Files.createDirectories(lockFile.getParent());
    channel =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      shared = channel.lock(0, Long.MAX_VALUE, true);
    } catch (OverlappingFileLockException e) {
      // another store instance in this JVM holds it already; that protects us as well
      channel.close();
      channel = null;
    }
  }

  private void releaseIfIdle() throws IOException {
    if (openWriters <= 0 && committed.isEmpty()) {
      releaseShared();
    }
  }

  private void releaseShared() throws IOException {
    if (shared != null) {
      shared.release();
      shared = null;
    }
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
