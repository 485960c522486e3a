package io.sealer.image.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cuts request bodies that stopped moving. A blocking socket write has no timeout of its own: a
 * server that stops reading a body would hold its writer for ever. While any body is being sent, a
 * daemon thread looks every quarter of the limit (at most every second) and stalls those that have
 * not moved for the limit; the thread ends when no body is being sent. Thread-safe.
 */
final class WriteWatchdog {
  /** A body being sent. */
  interface Watched {
    /** {@link System#nanoTime()} when its bytes last moved. */
    long lastProgress();

    /** Ends the write (closes its connection, so that the blocked write fails). */
    void stall();
  }

  private final long limitNanos;
  private final long stepMillis;
  private final Set<Watched> writing = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean watching = new AtomicBoolean();

  WriteWatchdog(int limitMillis) {
    this.limitNanos = limitMillis * 1_000_000L;
    this.stepMillis = Math.max(10, Math.min(1000, limitMillis / 4));
  }

  void start(Watched w) {
    writing.add(w);
    if (watching.compareAndSet(false, true)) {
      Thread watchdog = new Thread(this::watch, "sealer-http-write-watch");
      watchdog.setDaemon(true);
      watchdog.start();
    }
  }

  void stop(Watched w) {
    writing.remove(w);
  }

  private void watch() {
    while (true) {
      try {
        Thread.sleep(stepMillis);
      } catch (InterruptedException e) {
        watching.set(false);
        return;
      }
      if (writing.isEmpty()) {
        watching.set(false);
        // a writer that came in meanwhile found the flag still set: take over again for it
        if (writing.isEmpty() || !watching.compareAndSet(false, true)) {
          return;
        }
      }
      long now = System.nanoTime();
      for (Watched w : writing) {
        if (now - w.lastProgress() > limitNanos) {
          w.stall();
        }
      }
    }
  }
}
