package io.sealer.filesystem;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a layer (tar or tar.gz, detected from its first bytes) onto a directory, applying OCI
 * whiteouts ({@code .wh.<name>} deletes a lower file, {@code .wh..wh..opq} hides a directory's
 * lower content). Refuses, with {@link UnsafeLayerException}, entries that would leave the
 * directory ({@code ..}, absolute names, links or symlinked parents pointing outside) and device
 * nodes; malformed archives fail with a {@link SealerException}. Streams: memory stays flat.
 */
public final class LayerReader {
  /** Prefix of a whiteout file. */
  public static final String WHITEOUT_PREFIX = ".wh.";

  /** Name of an opaque-directory whiteout. */
  public static final String OPAQUE = ".wh..wh..opq";

  private static final int MAX_SYMLINK_HOPS = 40;

  private LayerReader() {}

  /**
   * Extracts {@code layer} onto {@code root} (created if absent).
   *
   * @return the diff id: the digest of the uncompressed tar
   */
  public static Digest extract(InputStream layer, Path root) throws IOException {
    Files.createDirectories(root);
    Path base = root.toRealPath();
    BufferedInputStream buffered = new BufferedInputStream(layer, 1 << 16);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    InputStream tarStream =
        b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    MessageDigest md = Digest.sha256Of(new byte[0]).newMessageDigest();
    DigestInputStream hashed = new DigestInputStream(tarStream, md);
    Set<Path> created = new HashSet<>();
    try {
      TarArchiveInputStream tar = new TarArchiveInputStream(hashed);
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        apply(base, e, tar, created);
      }
      hashed.transferTo(OutputStreamSink.INSTANCE);
    } catch (SealerException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new SealerException("could not extract layer: malformed tar: " + e.getMessage(), e);
    }
    return Digest.sha256(HexFormat.of().formatHex(md.digest()));
  }

  private static void apply(Path base, TarArchiveEntry e, InputStream data, Set<Path> created)
      throws IOException {
    String name = e.getName();
    String rel = relative(name);
    if (rel.isEmpty()) {
      return;
    }
    int slash = rel.lastIndexOf('/');
    String parentRel = slash < 0 ? "" : rel.substring(0, slash);
    String baseName = rel.substring(slash + 1);
    Path parent = resolveDirectory(base, parentRel, name);
    if (baseName.equals(OPAQUE)) {
      clearExcept(parent, created);
      return;
    }
    if (baseName.startsWith(WHITEOUT_PREFIX)) {
      Path hidden = parent.resolve(baseName.substring(WHITEOUT_PREFIX.length()));
      deleteRecursively(hidden);
      return;
    }
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      throw new UnsafeLayerException(name, "device nodes and pipes are not allowed in layers");
    }
    Path target = parent.resolve(baseName);
    if (e.isDirectory()) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(target);
      }
      Files.createDirectories(target);
      setMode(target, e.getMode());
    } else if (e.isSymbolicLink()) {
      deleteRecursively(target);
      Files.createSymbolicLink(target, Path.of(e.getLinkName()));
    } else if (e.isLink()) {
      String linkRel = relative(e.getLinkName());
      int ls = linkRel.lastIndexOf('/');
      Path linkParent = resolveDirectory(base, ls < 0 ? "" : linkRel.substring(0, ls), name);
      Path source = linkParent.resolve(linkRel.substring(ls + 1));
      if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnsafeLayerException(name, "hard link to missing " + e.getLinkName());
      }
      deleteRecursively(target);
      Files.createLink(target, source);
    } else if (e.isFile()) {
      deleteRecursively(target);
      Files.copy(data, target, StandardCopyOption.REPLACE_EXISTING);
      setMode(target, e.getMode());
      Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
    } else {
      return; // pax/global headers and other metadata entries carry no file
    }
    created.add(target);
  }

  /** The entry name as a clean relative path, or an exception if it could escape. */
  private static String relative(String name) {
    String p = name;
    if (p.startsWith("/")) {
      throw new UnsafeLayerException(name, "absolute paths are not allowed");
    }
    StringBuilder out = new StringBuilder();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new UnsafeLayerException(name, "'..' would leave the extraction directory");
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }

  /**
   * Resolves a directory below {@code base}, following symlinks only while they stay inside, and
   * creating missing directories.
   */
  private static Path resolveDirectory(Path base, String rel, String entry) throws IOException {
    Path current = base;
    if (rel.isEmpty()) {
      return current;
    }
    java.util.ArrayDeque<String> todo =
        new java.util.ArrayDeque<>(java.util.List.of(rel.split("/")));
    int hops = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (current.equals(base)) {
          throw new UnsafeLayerException(entry, "a symlink in its path leads outside the root");
        }
        current = current.getParent();
        continue;
      }
      Path next = current.resolve(part);
      if (Files.isSymbolicLink(next)) {
        if (++hops > MAX_SYMLINK_HOPS) {
          throw new UnsafeLayerException(entry, "too many symlinks in its path");
        }
        String link = Files.readSymbolicLink(next).toString();
        String[] parts = link.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
          todo.addFirst(parts[i]);
        }
        if (link.startsWith("/")) {
          current = base;
        }
        continue;
      }
      if (Files.exists(next, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(next)) {
        Files.delete(next);
      }
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(next);
      }
      current = next;
    }
    if (!current.startsWith(base)) {
      throw new UnsafeLayerException(entry, "a symlink in its path leads outside the root");
    }
    return current;
  }

  private static void clearExcept(Path dir, Set<Path> keep) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        if (!keep.contains(child)) {
          deleteRecursively(child);
        }
      }
    }
  }

  /** Deletes a file, symlink or tree without following symlinks. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void setMode(Path target, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values();
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        perms.add(all[i]);
      }
    }
    perms.add(PosixFilePermission.OWNER_WRITE);
    if (Files.isDirectory(target)) {
      perms.add(PosixFilePermission.OWNER_READ);
      perms.add(PosixFilePermission.OWNER_EXECUTE);
    }
    try {
      Files.setPosixFilePermissions(target, perms);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the defaults
    }
  }

  /** Discards bytes (the tar's trailing padding, hashed for the diff id). */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
