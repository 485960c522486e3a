package io.sealer.filesystem.distribute;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the one stream a host receives: the plan ({@code .sealer-plan}) and the lists derived from
 * it that let the host work in bulk instead of entry by entry ({@link Lists}), each file and link
 * to send under {@code tree/}, and an empty {@code .sealer-end} whose presence tells the host that
 * the stream was whole. POSIX (pax) headers carry long and non-ASCII names.
 */
final class TarStream {
  static final String PLAN = ".sealer-plan";
  static final String OPS = ".sealer-ops";
  static final String SUMS = ".sealer-sums";
  static final String PLACE = ".sealer-place";
  static final String BATCHES = ".sealer-batches";

  /** Most paths one {@code mv} on the host is given. */
  static final int BATCH = 512;

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
    Lists lists = Lists.of(plan.operations());
    addBytes(tar, OPS, lists.ops());
    addBytes(tar, SUMS, lists.sums());
    addBytes(tar, PLACE, lists.place());
    addBytes(tar, BATCHES, lists.batches());
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

  /**
   * What the host reads besides the plan, so that the work that is the same for every file is done
   * by one tool over a whole list (hashing, comparing digests, checking paths, moving into place)
   * rather than by a shell loop per entry, which took seconds of CPU per host at 25,000 files.
   *
   * @param ops the plan without the files sent whole, whose checks and moves the lists below cover:
   *     directories, links, mode changes, removals, and files completed from an earlier run's part
   * @param sums {@code sha256sum -z} lines ("hex ./path") of every file of the plan
   * @param place the paths of the plan's files and links, in plan order: what moves into place
   * @param batches "directory, count" token pairs splitting {@code place} into runs of paths in one
   *     directory (at most {@link #BATCH}), one {@code mv} each
   */
  record Lists(byte[] ops, byte[] sums, byte[] place, byte[] batches) {
    /**
     * Derives the lists from the plan's tokens. A malformed or unknown entry and everything after
     * it go to {@code ops} unchanged, where the host's own parsing refuses them.
     */
    static Lists of(byte[] operations) {
      List<String> t = HostState.tokens(operations);
      NulWriter ops = new NulWriter();
      NulWriter sums = new NulWriter();
      NulWriter place = new NulWriter();
      NulWriter batches = new NulWriter();
      String batchDir = null;
      int batchSize = 0;
      int i = 0;
      while (i < t.size()) {
        String kind = t.get(i);
        int width =
            switch (kind) {
              case "F" -> 6;
              case "L", "D", "M" -> 3;
              case "X", "R" -> 2;
              default -> 0;
            };
        if (width == 0 || i + width > t.size()) {
          t.subList(i, t.size()).forEach(ops::add);
          break;
        }
        List<String> entry = t.subList(i, i + width);
        i += width;
        String path = entry.get(width - 1);
        boolean whole = kind.equals("F") && entry.get(4).equals("0");
        if (!whole) {
          entry.forEach(ops::add);
        }
        if (kind.equals("F")) {
          sums.add(entry.get(2) + "  ./" + path);
        }
        if (kind.equals("F") || kind.equals("L")) {
          place.add(path);
          int slash = path.lastIndexOf('/');
          String dir = slash < 0 ? "" : path.substring(0, slash);
          if (!dir.equals(batchDir) || batchSize == BATCH) {
            if (batchDir != null) {
              batches.add(batchDir);
              batches.add(Integer.toString(batchSize));
            }
            batchDir = dir;
            batchSize = 0;
          }
          batchSize++;
        }
      }
      if (batchDir != null) {
        batches.add(batchDir);
        batches.add(Integer.toString(batchSize));
      }
      return new Lists(ops.bytes(), sums.bytes(), place.bytes(), batches.bytes());
    }
  }

  /** NUL-terminated UTF-8 tokens. */
  private static final class NulWriter {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    void add(String token) {
      out.writeBytes(token.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A rough size of the stream, for progress: content plus a header block per entry. */
  static long estimatedSize(TransferPlan plan) {
    long size = 1024 + 5 * 512 + 2L * 512 + 2L * plan.operations().length;
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
