package io.sealer.image.archive;

import io.sealer.api.event.ProgressInputStream;
import io.sealer.api.event.ProgressTracker;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams that report the bytes passing through to a {@link ProgressTracker}, every 1 MiB (reading
 * through the api's {@link ProgressInputStream}).
 */
final class ProgressStreams {
  private static final long STEP = 1 << 20;

  private ProgressStreams() {}

  static InputStream reading(InputStream in, ProgressTracker tracker, String part) {
    return new ProgressInputStream(in, tracker, part, 0, STEP, n -> {});
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
