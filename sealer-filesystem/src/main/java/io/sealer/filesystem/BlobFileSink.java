package io.sealer.filesystem;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes the bytes of one blob file at increasing positions: through the page cache for its first
 * {@link #DIRECT_AFTER} bytes, then, for a large blob, with {@code O_DIRECT} in aligned chunks of
 * {@link #CHUNK} bytes, the unaligned tail again through the page cache.
 *
 * <p>Why: a blob is synced to disk before it is committed anyway, so its bytes must reach the disk
 * during the pull or load; written through the page cache they are first copied into it by the
 * kernel, which took 13% of all the CPU time of a 1 GiB pull on a 2-core machine (more than the
 * socket copy and half of SHA-256), and then written back. Direct writes hand the chunk to the disk
 * without that copy. A file system that refuses direct I/O (open or write fails) gets the rest of
 * the file through the page cache, as before.
 */
final class BlobFileSink implements java.io.Closeable {
  /** Bytes written through the page cache before direct I/O starts: small blobs never use it. */
  static final long DIRECT_AFTER = 1024 * 1024;

  /** Size of one direct write. */
  static final int CHUNK = 1024 * 1024;

  private static final BlockingQueue<ByteBuffer> BUFFERS = new ArrayBlockingQueue<>(8);

  /** Block size per directory, looked up once (it reads the mount table). */
  private static final Map<String, Integer> ALIGNMENTS = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final WriteBehind writeBehind;
  private final long directAfter;
  private long position;

  /** The direct descriptor while direct writes go on. */
  private @Nullable FileChannel direct;

  /** The direct descriptor, once opened, until {@link #close()}. */
  private @Nullable FileChannel opened;

  private @Nullable ByteBuffer pending;
  private boolean directRefused;
  private int alignment = -1;

  /**
   * @param file the file {@code channel} writes
   * @param channel the open channel, written at explicit positions
   * @param start where writing starts (the size of a resumed partial file)
   * @param directAfter see {@link #DIRECT_AFTER}; {@code Long.MAX_VALUE} never uses direct I/O
   */
  BlobFileSink(Path file, FileChannel channel, long start, long directAfter) {
    this.file = file;
    this.channel = channel;
    this.position = start;
    this.directAfter = directAfter;
    this.writeBehind = new WriteBehind(channel);
    this.directRefused = directAfter == Long.MAX_VALUE;
  }

  /** Whether direct I/O is in use now (for tests). */
  boolean isDirect() {
    return direct != null;
  }

  void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (direct != null) {
        ByteBuffer buffer = pending;
        int n = Math.min(len, buffer.remaining());
        buffer.put(b, off, n);
        off += n;
        len -= n;
        if (!buffer.hasRemaining()) {
          flushChunk();
        }
        continue;
      }
      int n = len;
      if (!directRefused) {
        int alignment = alignment();
        if (alignment == 0) {
          directRefused = true;
        } else {
          // direct I/O starts at the first aligned position from directAfter on
          long start = alignUp(Math.max(directAfter, position), alignment);
          if (position == start) {
            openDirect();
            continue;
          }
          n = (int) Math.min(len, start - position);
        }
      }
      writeBuffered(ByteBuffer.wrap(b, off, n));
      off += n;
      len -= n;
    }
  }

  /**
   * Writes what is still buffered (a tail shorter than a chunk, through the page cache) and stops
   * direct I/O; the channel stays open for the caller to sync.
   */
  void finish() throws IOException {
    try {
      ByteBuffer buffer = pending;
      if (buffer != null && buffer.position() > 0) {
        buffer.flip();
        writeBuffered(buffer);
        buffer.clear();
      }
    } finally {
      stopDirect();
    }
  }

  private long pendingBytes() {
    return pending == null ? 0 : pending.position();
  }

  private void writeBuffered(ByteBuffer buffer) throws IOException {
    int n = buffer.remaining();
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    writeBehind.wrote(n);
  }

  private void flushChunk() throws IOException {
    ByteBuffer buffer = pending;
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        position += direct.write(buffer, position);
      }
      buffer.clear();
    } catch (IOException e) {
      // refused (alignment, or no direct I/O after all): the rest through the page cache; a
      // real disk error shows again there
      directRefused = true;
      try {
        writeBuffered(buffer);
      } finally {
        stopDirect();
      }
    }
  }

  private void openDirect() {
    try {
      if (opened == null) {
        opened = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      }
      direct = opened;
      pending = takeBuffer(alignment());
    } catch (IOException | UnsupportedOperationException e) {
      directRefused = true;
      direct = null;
    }
  }

  /** Stops direct writes; the descriptor stays open until {@link #close()} (see there). */
  private void stopDirect() {
    direct = null;
    ByteBuffer buffer = pending;
    pending = null;
    if (buffer != null) {
      buffer.clear();
      BUFFERS.offer(buffer);
    }
  }

  /**
   * Closes the direct descriptor. Call it only after the file's lock is released: closing any
   * descriptor of a file drops every POSIX lock the process holds on it, so closing this one
   * earlier would unlock a partial blob while its writer still owns it.
   */
  @Override
  public void close() throws IOException {
    stopDirect();
    FileChannel d = opened;
    opened = null;
    if (d != null) {
      d.close();
    }
  }

  /** The file system's block size, which direct I/O must be aligned to; 0 if unusable. */
  private int alignment() {
    if (alignment >= 0) {
      return alignment;
    }
    alignment =
        ALIGNMENTS.computeIfAbsent(
            String.valueOf(file.toAbsolutePath().getParent()),
            dir -> {
              try {
                long size = Files.getFileStore(file).getBlockSize();
                return size > 0 && size <= CHUNK && Long.bitCount(size) == 1 ? (int) size : 0;
              } catch (IOException | UnsupportedOperationException e) {
                return 0;
              }
            });
    return alignment;
  }

  private static long alignUp(long value, int alignment) {
    if (alignment <= 0) {
      return value;
    }
    return (value + alignment - 1) / alignment * alignment;
  }

  private static ByteBuffer takeBuffer(int alignment) {
    ByteBuffer buffer = BUFFERS.poll();
    if (buffer != null && buffer.capacity() == CHUNK && isAligned(buffer, alignment)) {
      return buffer;
    }
    return ByteBuffer.allocateDirect(CHUNK + alignment)
        .alignedSlice(alignment)
        .limit(CHUNK)
        .slice();
  }

  private static boolean isAligned(ByteBuffer buffer, int alignment) {
    return buffer.alignmentOffset(0, alignment) == 0;
  }
}
