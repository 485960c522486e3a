package io.sealer.infra;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A lock file held while an environment is changed, so that two processes (or two threads) never
 * build or remove the same environment at once. The operating system releases it when the process
 * dies, so a killed run never blocks the next one.
 */
final class EnvironmentLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private EnvironmentLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits up to {@code timeout} for the lock on {@code file}. */
  static EnvironmentLock acquire(Path file, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        while (true) {
          FileLock lock;
          try {
            lock = channel.tryLock();
          } catch (OverlappingFileLockException e) {
            lock = null; // another thread of this JVM holds it
          }
          if (lock != null) {
            return new EnvironmentLock(channel, lock);
          }
          if (System.nanoTime() > deadline) {
            throw new SealerException(
                "could not lock " + what + ": another sealer process holds " + file);
          }
          Thread.sleep(50);
        }
      } catch (RuntimeException | InterruptedException e) {
        channel.close();
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new SealerException("could not lock " + what + ": interrupted", e);
        }
        throw (RuntimeException) e;
      }
    } catch (IOException e) {
      throw new SealerException("could not lock " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock in any case
    }
  }
}
