package io.sealer.filesystem;

import io.sealer.api.SealerException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes reproducible tar.gz layers: the same files give the same bytes, hence the same digest, on
 * any machine and at any time. Entries are sorted by path, every parent directory has an entry,
 * owners are uid/gid 0 without user or group names, and timestamps are fixed (1970-01-01T00:00:01Z)
 * unless {@link #keepTimestamps(boolean)} asks to keep them. Streams: memory does not grow with the
 * size of the files.
 */
public final class LayerWriter {
  /** The timestamp given to every entry of a reproducible layer. */
  public static final Instant FIXED_TIME = Instant.ofEpochSecond(1);

  private final Map<String, Path> files = new TreeMap<>();
  private final Set<String> whiteouts = new java.util.TreeSet<>();
  private boolean keepTimestamps;
  private int level = Deflater.DEFAULT_COMPRESSION;

  /** Starts an empty layer. */
  public LayerWriter() {}

  /** Adds the tree under {@code dir} (not {@code dir} itself) at the root of the layer. */
  public LayerWriter addDirectory(Path dir) throws IOException {
    return addDirectory(dir, "");
  }

  /** Adds the tree under {@code dir} below {@code target} ({@code ""} for the layer's root). */
  public LayerWriter addDirectory(Path dir, String target) throws IOException {
    String prefix = clean(target);
    try (Stream<Path> walk = Files.walk(dir, new FileVisitOption[0])) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(dir)) {
          continue;
        }
        String rel = dir.relativize(p).toString().replace('\\', '/');
        files.put(prefix.isEmpty() ? rel : prefix + "/" + rel, p);
      }
    }
    return this;
  }

  /** Adds one file, directory or symlink at {@code target}. */
  public LayerWriter addFile(Path source, String target) {
    files.put(clean(target), source);
    return this;
  }

  /**
   * Adds an OCI whiteout: {@code path} (from lower layers) is deleted. For a directory whose lower
   * content is hidden as a whole, pass {@code dir/.wh..wh..opq}.
   */
  public LayerWriter addWhiteout(String path) {
    String p = clean(path);
    int slash = p.lastIndexOf('/');
    String base = p.substring(slash + 1);
    whiteouts.add(
        base.startsWith(LayerReader.WHITEOUT_PREFIX)
            ? p
            : p.substring(0, slash + 1) + LayerReader.WHITEOUT_PREFIX + base);
    return this;
  }

  /** Keeps the files' modification times instead of the fixed timestamp. */
  public LayerWriter keepTimestamps(boolean keep) {
    this.keepTimestamps = keep;
    return this;
  }

  /** The gzip level, 0-9 or -1 for the default (6). */
  public LayerWriter compressionLevel(int level) {
    if (level < -1 || level > 9) {
      throw new IllegalArgumentException("compression level must be -1..9: " + level);
    }
    this.level = level;
    return this;
  }

  /** Writes the tar.gz to {@code out} (left open) and returns its digests. */
  public LayerDigests writeTo(OutputStream out) throws IOException {
    TreeMap<String, Path> entries = new TreeMap<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      for (String parent = parentOf(e.getKey()); !parent.isEmpty(); parent = parentOf(parent)) {
        entries.putIfAbsent(parent, null);
      }
      entries.put(e.getKey(), e.getValue());
    }
    for (String w : whiteouts) {
      for (String parent = parentOf(w); !parent.isEmpty(); parent = parentOf(parent)) {
        entries.putIfAbsent(parent, null);
      }
      entries.put(w, null);
    }
    HashingOutputStream compressed = new HashingOutputStream(out);
    Deflating gzip = new Deflating(compressed, level);
    HashingOutputStream tar = new HashingOutputStream(new BufferedOutputStream(gzip, 1 << 16));
    try (TarArchiveOutputStream tos = new TarArchiveOutputStream(tar)) {
      tos.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tos.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Path> e : entries.entrySet()) {
        writeEntry(tos, e.getKey(), e.getValue());
      }
      tos.finish();
      tar.flush();
      gzip.finish();
      compressed.flush();
    }
    return new LayerDigests(tar.digest(), compressed.digest(), compressed.count());
  }

  private void writeEntry(TarArchiveOutputStream tos, String name, Path source) throws IOException {
    TarArchiveEntry entry;
    if (source == null) {
      boolean whiteout = whiteouts.contains(name);
      entry = new TarArchiveEntry(whiteout ? name : name + "/", TarConstants.LF_NORMAL, true);
      if (!whiteout) {
        entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
      }
      entry.setMode(whiteout ? 0100644 : 040755);
      entry.setModTime(FileTime.from(FIXED_TIME));
    } else {
      BasicFileAttributes attrs =
          Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int perms = permissions(source, attrs.isDirectory() ? 0755 : 0644);
      if (attrs.isSymbolicLink()) {
        entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(Files.readSymbolicLink(source).toString());
        entry.setMode(0120777);
      } else if (attrs.isDirectory()) {
        entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
        entry.setMode(040000 | perms);
      } else if (attrs.isRegularFile()) {
        entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(0100000 | perms);
        entry.setSize(attrs.size());
      } else {
        throw new SealerException(
            "could not add " + source + " to a layer: it is a device, socket or pipe");
      }
      entry.setModTime(keepTimestamps ? attrs.lastModifiedTime() : FileTime.from(FIXED_TIME));
    }
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    tos.putArchiveEntry(entry);
    if (source != null && entry.isFile() && entry.getSize() > 0) {
      try (InputStream in = Files.newInputStream(source)) {
        long copied = in.transferTo(tos);
        if (copied != entry.getSize()) {
          throw new SealerException(
              "could not add " + source + " to a layer: it changed size while being read");
        }
      }
    }
    tos.closeArchiveEntry();
  }

  private static int permissions(Path source, int fallback) throws IOException {
    try {
      Set<PosixFilePermission> set =
          Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .permissions();
      int mode = 0;
      for (PosixFilePermission p : set) {
        mode |= 1 << (8 - p.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException e) {
      return fallback;
    }
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String clean(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    for (String part : p.split("/", -1)) {
      if (part.equals("..")) {
        throw new IllegalArgumentException("layer path must not contain '..': " + path);
      }
    }
    return p;
  }

  /** gzip with a chosen level and a fixed header (no name, mtime 0). */
  private static final class Deflating extends GZIPOutputStream {
    Deflating(OutputStream out, int level) throws IOException {
      super(out, 1 << 16);
      def.setLevel(level);
    }
  }
}
