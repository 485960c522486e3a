package io.sealer.image.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The idle connections of one {@link HttpTransport}, per host, newest reused first, at most {@link
 * #MAX_IDLE_PER_HOST} per host. A connection idle for the pool's limit is closed by a reaper thread
 * that runs only while the pool holds connections, so that a long-lived client keeps no socket it
 * does not use. Thread-safe.
 */
final class ConnectionPool<C extends ConnectionPool.Pooled> {
  /** Idle connections kept per host. */
  static final int MAX_IDLE_PER_HOST = 8;

  /** A connection the pool can hold. */
  interface Pooled {
    /** The host (and proxy) it goes to: connections are reused for the same key only. */
    String key();

    /** Whether it can carry another request (see {@code HttpTransport}); may probe the socket. */
    boolean usable(boolean probe);

    void close();
  }

  private record Idle<C>(C connection, long since) {}

  private final long maxIdleNanos;
  private final Map<String, Deque<Idle<C>>> idle = new HashMap<>();

  /** Whether a reaper thread is running (guarded by {@link #idle}). */
  private boolean reaping;

  ConnectionPool(long maxIdleNanos) {
    this.maxIdleNanos = maxIdleNanos;
  }

  /** An idle connection to {@code key} that is still usable, or {@code null}. */
  @Nullable C take(String key, boolean probe) {
    List<C> stale = new ArrayList<>();
    C found = null;
    synchronized (idle) {
      Deque<Idle<C>> q = idle.get(key);
      while (q != null && !q.isEmpty()) {
        Idle<C> c = q.pollLast();
        if (System.nanoTime() - c.since() < maxIdleNanos) {
          found = c.connection();
          break;
        }
        stale.add(c.connection());
      }
    }
    if (found != null && !found.usable(probe)) {
      stale.add(found);
      found = null;
    }
    stale.forEach(Pooled::close);
    return found;
  }

  /** Takes back a connection whose answer was read to its end. */
  void release(C c) {
    C dropped = null;
    synchronized (idle) {
      Deque<Idle<C>> q = idle.computeIfAbsent(c.key(), k -> new ArrayDeque<>());
      q.addLast(new Idle<>(c, System.nanoTime()));
      if (q.size() > MAX_IDLE_PER_HOST) {
        dropped = q.pollFirst().connection();
      }
      if (!reaping) {
        reaping = true;
        Thread reaper = new Thread(this::reap, "sealer-http-idle");
        reaper.setDaemon(true);
        reaper.start();
      }
    }
    if (dropped != null) {
      dropped.close();
    }
  }

  /** Closes every idle connection. */
  void closeAll() {
    List<Idle<C>> all = new ArrayList<>();
    synchronized (idle) {
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(c -> c.connection().close());
  }

  /** Closes connections idle for too long; ends when the pool is empty. */
  private void reap() {
    while (true) {
      List<C> expired = new ArrayList<>();
      long waitNanos = maxIdleNanos;
      boolean done = false;
      synchronized (idle) {
        long now = System.nanoTime();
        for (Deque<Idle<C>> q : idle.values()) {
          for (Iterator<Idle<C>> i = q.iterator(); i.hasNext(); ) {
            Idle<C> c = i.next();
            long age = now - c.since();
            if (age >= maxIdleNanos) {
              expired.add(c.connection());
              i.remove();
            } else {
              waitNanos = Math.min(waitNanos, maxIdleNanos - age);
            }
          }
        }
        idle.values().removeIf(Deque::isEmpty);
        if (idle.isEmpty()) {
          reaping = false;
          done = true;
        } else if (expired.isEmpty()) {
          try {
            idle.wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
          } catch (InterruptedException e) {
            reaping = false;
            return;
          }
          continue;
        }
      }
      expired.forEach(Pooled::close);
      if (done) {
        return;
      }
    }
  }
}
