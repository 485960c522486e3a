package io.sealer.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of one store. {@code index.lock} (exclusive) serialises changes of the name index and
 * prune between processes; a JVM-wide lock does the same between threads, since a file lock is held
 * per process.
 */
final class StoreLocks {
  /**
   * One lock per lock file for the whole JVM: file locks belong to the process, so two store
   * instances on the same root in one JVM must also exclude each other here.
   */
  private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path indexLock;
  private final ReentrantLock threads;

  StoreLocks(Path layout) {
    this.indexLock = layout.toAbsolutePath().normalize().resolve("index.lock");
    this.threads = JVM_LOCKS.computeIfAbsent(indexLock, p -> new ReentrantLock());
  }

  /** Runs {@code action} holding the exclusive index lock. */
  <T> T withIndexLock(IoSupplier<T> action) throws IOException {
    threads.lock();
    try {
      Files.createDirectories(indexLock.getParent());
      try (FileChannel ch =
              FileChannel.open(indexLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        return action.get();
      }
    } finally {
      threads.unlock();
    }
  }

  /** An action that may fail with an IOException. */
  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }
}
