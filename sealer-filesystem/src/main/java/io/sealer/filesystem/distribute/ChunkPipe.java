package io.sealer.filesystem.distribute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between the thread that writes a host's tar stream and the thread that feeds it to
 * the host, passing 64 KiB chunks through a queue. (java.io's piped streams poll with one-second
 * waits and made a 70 MB stream of small files take 20 s.) Closing the reading end makes the writer
 * fail with "Pipe closed"; closing the writing end gives the reader end of stream.
 */
final class ChunkPipe {
  private static final int CHUNK = 1 << 16;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue;
  private volatile boolean readerClosed;

  /** A pipe holding at most {@code chunks} chunks of 64 KiB in flight. */
  ChunkPipe(int chunks) {
    this.queue = new ArrayBlockingQueue<>(chunks);
  }

  /** The writing end; use from one thread. */
  OutputStream sink() {
    return new OutputStream() {
      private byte[] buffer = new byte[CHUNK];
      private int used;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = Math.min(len, CHUNK - used);
          System.arraycopy(b, off, buffer, used, n);
          used += n;
          off += n;
          len -= n;
          if (used == CHUNK) {
            flush();
          }
        }
      }

      @Override
      public void flush() throws IOException {
        if (used > 0) {
          put(used == CHUNK ? buffer : Arrays.copyOf(buffer, used));
          buffer = new byte[CHUNK];
          used = 0;
        }
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          try {
            flush();
          } finally {
            put(END);
          }
        }
      }
    };
  }

  /** The reading end; use from one thread. */
  InputStream source() {
    return new InputStream() {
      private byte[] chunk = new byte[0];
      private int pos;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (pos == chunk.length) {
          if (ended || readerClosed) {
            return -1;
          }
          chunk = take();
          pos = 0;
          if (chunk == END) {
            ended = true;
          }
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public void close() {
        readerClosed = true;
        queue.clear();
      }
    };
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("Pipe closed");
        }
      }
      if (readerClosed) {
        queue.clear();
        throw new IOException("Pipe closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Pipe closed", e);
    }
  }

  private byte[] take() throws IOException {
    try {
      byte[] chunk;
      while ((chunk = queue.poll(100, TimeUnit.MILLISECONDS)) == null) {
        if (readerClosed) {
          return END;
        }
      }
      return chunk;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the stream", e);
    }
  }
}
