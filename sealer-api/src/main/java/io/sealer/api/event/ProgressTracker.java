package io.sealer.api.event;

import java.util.HashMap;
import java.util.Map;

/**
 * Adds up the progress of the parts of one operation (layers of a push, hosts of a copy) into one
 * honest total and reports it as {@link ProgressEvent}s.
 *
 * <p>Each part is allocated a size; its reported progress is capped at that size and never goes
 * backwards, so a retried part that starts again from zero does not move the bar back: the bytes
 * sent again are counted in {@link #repeatedUnits()} instead. Thread-safe: events are delivered
 * while the tracker's lock is held, so parallel parts deliver them in order; the listener must not
 * call back into the tracker.
 */
public final class ProgressTracker {
  private final EventListener listener;
  private final String operation;
  private final String description;
  private final Map<String, long[]> parts = new HashMap<>();
  private long total;
  private long done;
  private long repeated;
  private boolean finished;

  /** Creates a tracker that reports to {@code listener}. */
  public ProgressTracker(EventListener listener, String operation, String description) {
    this.listener = listener;
    this.operation = operation;
    this.description = description;
  }

  /** Announces a part of the given size; announcing it again changes nothing. */
  public synchronized void allocate(String part, long size) {
    if (parts.containsKey(part)) {
      return;
    }
    parts.put(part, new long[] {size, 0});
    total += size;
    listener.onEvent(snapshot());
  }

  /**
   * Records that {@code part} has reached {@code position} units (absolute, not a delta). A
   * position below the part's high-water mark counts as repeated work.
   */
  public synchronized void reached(String part, long position) {
    long[] p = parts.computeIfAbsent(part, k -> new long[] {0, 0});
    if (position > p[0]) {
      total += position - p[0];
      p[0] = position;
    }
    if (position <= p[1] || finished) {
      return;
    }
    done += position - p[1];
    p[1] = position;
    listener.onEvent(snapshot());
  }

  /** Records that {@code part} is starting again from {@code position} after a failure. */
  public synchronized void restarted(String part, long position) {
    long[] p = parts.get(part);
    if (p != null && position < p[1]) {
      repeated += p[1] - position;
    }
  }

  /** Marks a part complete at its allocated size. */
  public synchronized void completed(String part) {
    long[] p = parts.get(part);
    if (p != null) {
      reached(part, p[0]);
    }
  }

  /** Reports the end of the operation. */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    listener.onEvent(snapshot());
  }

  /** Units done so far. */
  public synchronized long done() {
    return done;
  }

  /** Units of all parts announced so far. */
  public synchronized long total() {
    return total;
  }

  /** Units that were transferred again because a part was restarted. */
  public synchronized long repeatedUnits() {
    return repeated;
  }

  private ProgressEvent snapshot() {
    return new ProgressEvent(operation, description, done, Math.max(total, done), finished);
  }
}
