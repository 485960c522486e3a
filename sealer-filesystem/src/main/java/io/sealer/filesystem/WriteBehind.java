package io.sealer.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the disk writes of a file being written early, on a background thread, every {@link #STEP}
 * bytes, so that the fsync of its commit finds little left to flush. Without it a large blob stays
 * in the page cache until the commit (the kernel starts writing back only when a tenth of the
 * memory is dirty), and the whole flush lands at the end of a pull or load, after the network or
 * the archive has gone quiet. Durability is unchanged: the commit still syncs.
 */
final class WriteBehind {
  /**
   * Bytes written between two early flushes of one file. Measured on a 2-core VM (pulls of a 163
   * MiB and a 1 GiB image): 4 and 8 MiB a little faster than 16 and 32 MiB; see docs/benchmarks.md.
   */
  static final long STEP = 4L * 1024 * 1024;

  private static final ExecutorService FLUSHERS =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "sealer-write-behind");
            t.setDaemon(true);
            return t;
          });

  private final FileChannel channel;
  private final AtomicBoolean flushing = new AtomicBoolean();
  private long unflushed;

  WriteBehind(FileChannel channel) {
    this.channel = channel;
  }

  /** Notes {@code n} more bytes written; starts a flush when a step is full and none is running. */
  void wrote(long n) {
    unflushed += n;
    if (unflushed >= STEP && flushing.compareAndSet(false, true)) {
      unflushed = 0;
      FLUSHERS.execute(this::flush);
    }
  }

  private void flush() {
    try {
      if (channel.isOpen()) {
        channel.force(false);
      }
    } catch (IOException e) {
      // only an early start: the commit syncs and reports what fails
    } finally {
      flushing.set(false);
    }
  }
}
