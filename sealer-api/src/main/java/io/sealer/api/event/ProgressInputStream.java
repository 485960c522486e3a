package io.sealer.api.event;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * An input stream that reports how far one part of an operation has been read to a {@link
 * ProgressTracker}: the absolute position (starting at {@code start}, e.g. a resume offset), at
 * most once per {@code step} bytes, and every byte count read to an optional counter.
 */
public final class ProgressInputStream extends FilterInputStream {
  private final ProgressTracker tracker;
  private final String part;
  private final long step;
  private final LongConsumer onRead;
  private long position;
  private long reported;

  /**
   * Wraps {@code in}.
   *
   * @param in the stream to read
   * @param tracker where to report
   * @param part the part of the operation this stream carries
   * @param start the position of the first byte of {@code in} within the part
   * @param step report at most once per this many bytes (1: on every read)
   * @param onRead receives the number of bytes of each read, e.g. to count bytes sent
   */
  public ProgressInputStream(
      InputStream in,
      ProgressTracker tracker,
      String part,
      long start,
      long step,
      LongConsumer onRead) {
    super(in);
    this.tracker = tracker;
    this.part = part;
    this.step = Math.max(1, step);
    this.onRead = onRead;
    this.position = start;
    this.reported = start;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    int n = super.read(buffer, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(long n) {
    position += n;
    onRead.accept(n);
    if (position - reported >= step) {
      reported = position;
      tracker.reached(part, position);
    }
  }
}
