package io.sealer.filesystem.distribute;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the one stream a host receives: the plan ({@code .sealer-plan}), each file and link to
 * send under {@code tree/}, and an empty {@code .sealer-end} whose presence tells the host that the
 * stream was whole. POSIX (pax) headers carry long and non-ASCII names.
 */
final class TarStream {
  static final String PLAN = ".sealer-plan";
  static final String END = ".sealer-end";
  static final String TREE = "tree/";
  static final String TAIL = "tail/";

  private TarStream() {}

  /** Writes the stream for {@code plan} to {@code out}, reading files below {@code root}. */
  static void write(Path root, TransferPlan plan, OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(buffered, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    addBytes(tar, PLAN, plan.operations());
    for (TransferPlan.Send send : plan.toSend()) {
      TreeEntry e = send.entry();
      if (e.type() == EntryType.LINK) {
        TarArchiveEntry link = new TarArchiveEntry(TREE + e.path(), TarConstants.LF_SYMLINK);
        link.setLinkName(Objects.requireNonNull(e.linkTarget()));
        link.setMode(0120777);
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      } else {
        addFile(tar, root, e, send.offset());
      }
    }
    addBytes(tar, END, new byte[0]);
    tar.finish();
    buffered.flush();
  }

  private static void addFile(TarArchiveOutputStream tar, Path root, TreeEntry e, long offset)
      throws IOException {
    Path file = root.resolve(e.path());
    TarArchiveEntry entry =
        new TarArchiveEntry((offset > 0 ? TAIL : TREE) + e.path(), TarConstants.LF_NORMAL);
    entry.setMode(0100000 | e.mode());
    entry.setSize(e.size() - offset);
    entry.setModTime(System.currentTimeMillis());
    tar.putArchiveEntry(entry);
    byte[] buffer = new byte[1 << 16];
    long left = e.size() - offset;
    try (InputStream in = open(file)) {
      skip(in, file, offset);
      while (left > 0) {
        int n = read(in, file, buffer, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new SourceException(file + " shrank while it was being sent");
        }
        tar.write(buffer, 0, n);
        left -= n;
      }
    }
    tar.closeArchiveEntry();
  }

  private static InputStream open(Path file) throws SourceException {
    try {
      return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new SourceException("could not read " + file + ": " + e.getMessage());
    }
  }

  private static int read(InputStream in, Path file, byte[] buffer, int length)
      throws SourceException {
    try {
      return in.read(buffer, 0, length);
    } catch (IOException e) {
      throw new SourceException("could not read " + file + ": " + e.getMessage());
    }
  }

  private static void skip(InputStream in, Path file, long offset) throws SourceException {
    try {
      in.skipNBytes(offset);
    } catch (IOException e) {
      throw new SourceException("could not read " + file + ": " + e.getMessage());
    }
  }

  /** A local file could not be read: the fault is here, not on the host. */
  static final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceException(String message) {
      super(message);
    }
  }

  private static void addBytes(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    entry.setMode(0100600);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** A rough size of the stream, for progress: content plus a header block per entry. */
  static long estimatedSize(TransferPlan plan) {
    long size = 1024 + 512 + 2L * 512 + plan.operations().length;
    for (TransferPlan.Send send : plan.toSend()) {
      TreeEntry e = send.entry();
      size += 512 + ((e.size() - send.offset() + 511) / 512) * 512;
      if (e.path().length() > 90 || !StandardCharsets.US_ASCII.newEncoder().canEncode(e.path())) {
        size += 1024;
      }
    }
    return size;
  }
}
