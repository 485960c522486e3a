package io.sealer.filesystem;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import io.sealer.api.image.BlobWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A blob being written to a file in {@code ingest/}: hashed as it streams, written through the page
 * cache with its disk writes started early ({@link WriteBehind}), synced and renamed into place on
 * commit. A writer for a known digest uses {@code <algorithm>-<hex>.partial}, locked while in use,
 * and keeps it on close so that the next writer resumes it.
 */
final class FileBlobWriter implements BlobWriter {
  static final String PARTIAL_SUFFIX = ".partial";
  private static final int BUFFER = 1 << 18;

  private final BlobStore store;
  private final Path file;
  private final @Nullable Digest expected;
  private final boolean keepOnClose;
  private final FileChannel channel;
  private final @Nullable FileLock lock;
  private final MessageDigest md;
  private final long start;
  private final OutputStream stream;
  private final WriteBehind writeBehind;
  private long position;
  private boolean done;

  private FileBlobWriter(
      BlobStore store,
      Path file,
      @Nullable Digest expected,
      boolean keepOnClose,
      FileChannel channel,
      @Nullable FileLock lock,
      MessageDigest md,
      long start) {
    this.store = store;
    this.file = file;
    this.expected = expected;
    this.keepOnClose = keepOnClose;
    this.channel = channel;
    this.lock = lock;
    this.md = md;
    this.start = start;
    this.position = start;
    this.stream = new BufferedOutputStream(new ChannelStream(), BUFFER);
    this.writeBehind = new WriteBehind(channel);
  }

  static FileBlobWriter open(BlobStore store, Path ingest, @Nullable Digest expected)
      throws IOException {
    if (expected != null) {
      Path partial = ingest.resolve(expected.algorithm() + "-" + expected.hex() + PARTIAL_SUFFIX);
      FileChannel ch =
          FileChannel.open(
              partial,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = null;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock != null) {
        MessageDigest md = expected.newMessageDigest();
        long size = hashExisting(ch, md);
        return new FileBlobWriter(store, partial, expected, true, ch, lock, md, size);
      }
      ch.close();
    }
    Path temp = ingest.resolve(AtomicFiles.TEMP_PREFIX + UUID.randomUUID());
    FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    MessageDigest md =
        expected != null
            ? expected.newMessageDigest()
            : Digest.sha256Of(new byte[0]).newMessageDigest();
    return new FileBlobWriter(store, temp, expected, false, ch, null, md, 0);
  }

  private static long hashExisting(FileChannel ch, MessageDigest md) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    long total = 0;
    ch.position(0);
    for (int n; (n = ch.read(buf)) > 0; ) {
      buf.flip();
      md.update(buf);
      buf.clear();
      total += n;
    }
    return total;
  }

  @Override
  public long position() {
    return start;
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public Digest commit() throws IOException {
    if (done) {
      throw new IllegalStateException("blob writer already committed or closed");
    }
    stream.flush();
    channel.force(true);
    String algorithm = expected != null ? expected.algorithm() : "sha256";
    Digest actual = new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
    done = true;
    try {
      if (expected != null && !expected.equals(actual)) {
        Files.deleteIfExists(file);
        throw new SealerException(
            "could not store blob " + expected + ": the content has digest " + actual);
      }
      store.install(file, actual);
      return actual;
    } finally {
      release();
    }
  }

  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    try {
      if (keepOnClose) {
        stream.flush();
      }
    } finally {
      done = true;
      release();
      if (!keepOnClose) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Unlocks, then closes the file. */
  private void release() throws IOException {
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  /** Hashes and writes straight to the channel; buffered by the caller's stream. */
  private final class ChannelStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (done) {
        throw new IOException("blob writer is closed");
      }
      md.update(b, off, len);
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      writeBehind.wrote(len);
    }
  }
}
