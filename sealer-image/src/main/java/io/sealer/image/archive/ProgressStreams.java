package io.sealer.image.archive;

import io.sealer.api.event.ProgressTracker;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams that report the bytes passing through to a {@link ProgressTracker}, every 1 MiB. */
final class ProgressStreams {
  private static final long STEP = 1 << 20;

  private ProgressStreams() {}

  static InputStream reading(InputStream in, ProgressTracker tracker, String part) {
    return new FilterInputStream(in) {
      private long count;
      private long reported;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          advance(n);
        }
        return n;
      }

      private void advance(long n) {
        count += n;
        if (count - reported >= STEP) {
          reported = count;
          tracker.reached(part, count);
        }
      }
    };
  }

  static OutputStream writing(OutputStream out, ProgressTracker tracker, String part) {
    return new FilterOutputStream(out) {
      private long count;
      private long reported;

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        advance(1);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
        advance(len);
      }

      private void advance(long n) {
        count += n;
        if (count - reported >= STEP) {
          reported = count;
          tracker.reached(part, count);
        }
      }
    };
  }
}
