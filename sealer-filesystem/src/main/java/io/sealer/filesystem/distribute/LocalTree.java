package io.sealer.filesystem.distribute;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a local rootfs directory with the sha256 of every file, computed once per run (in
 * parallel) and shared by every host. Links are never followed; devices, sockets and pipes are
 * skipped with a warning, as a host could not be given them through a plain tar stream anyway.
 */
final class LocalTree {
  /** The top-level directory that only registry hosts receive. */
  static final String REGISTRY = "registry";

  private final Path root;
  private final List<TreeEntry> entries;

  private LocalTree(Path root, List<TreeEntry> entries) {
    this.root = root;
    this.entries = entries;
  }

  /** A tree of entries read earlier (see {@link TreeSnapshot}), in {@link #ORDER}. */
  static LocalTree of(Path root, List<TreeEntry> entries) {
    return new LocalTree(root, List.copyOf(entries));
  }

  /** The directory the entries were read from. */
  Path root() {
    return root;
  }

  /** Every entry, sorted by (parent, name) so that the files of one directory stay together. */
  List<TreeEntry> entries() {
    return entries;
  }

  /**
   * The entries a host receives: all of them for a registry host, else all but {@code registry/}.
   */
  synchronized List<TreeEntry> entriesFor(boolean registryHost) {
    if (registryHost) {
      return entries;
    }
    if (withoutRegistry == null) {
      withoutRegistry =
          entries.stream().filter(e -> !RelativePaths.isUnder(e.path(), REGISTRY)).toList();
    }
    return withoutRegistry;
  }

  /** The {@link Seal} of {@link #entriesFor}, computed once per kind of host. */
  synchronized String sealFor(boolean registryHost) {
    int i = registryHost ? 1 : 0;
    if (seals[i] == null) {
      seals[i] = Seal.of(entriesFor(registryHost));
    }
    return seals[i];
  }

  private @Nullable List<TreeEntry> withoutRegistry;
  private final String[] seals = new String[2];

  /** Orders paths parent first, the entries of one directory together. */
  static final Comparator<String> ORDER =
      Comparator.comparing(RelativePaths::parent).thenComparing(RelativePaths::name);

  /**
   * Reads {@code root}, hashing files with {@code threads} threads.
   *
   * @throws SealerException naming the rootfs if it cannot be read
   */
  static LocalTree scan(Path root, int threads, EventListener events) {
    return scan(root, threads, events, DigestCache.open(null));
  }

  /** Reads {@code root}, taking the digests of unchanged files from {@code cache}. */
  static LocalTree scan(Path root, int threads, EventListener events, DigestCache cache) {
    if (!Files.isDirectory(root)) {
      throw new SealerException("could not read rootfs " + root + ": not a directory");
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(root)) {
                found.add(dir);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                found.add(file);
              } else {
                events.log(LogEvent.warn("skipping " + file + ": not a file, directory or link"));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new SealerException("could not read rootfs " + root + ": " + e.getMessage(), e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), daemon());
    try {
      // a task per run of entries, not per entry: at 25,000 entries the futures cost more than the
      // stat calls of a scan whose digests all come from the cache
      List<Future<List<TreeEntry>>> futures = new ArrayList<>();
      for (int from = 0; from < found.size(); from += SCAN_BATCH) {
        List<Path> batch = found.subList(from, Math.min(found.size(), from + SCAN_BATCH));
        futures.add(
            pool.submit(
                () -> {
                  List<TreeEntry> done = new ArrayList<>(batch.size());
                  for (Path path : batch) {
                    done.add(entryOf(root, path, cache));
                  }
                  return done;
                }));
      }
      List<TreeEntry> entries = new ArrayList<>(found.size());
      for (Future<List<TreeEntry>> future : futures) {
        entries.addAll(future.get());
      }
      entries.sort(Comparator.comparing(TreeEntry::path, ORDER));
      return new LocalTree(root, List.copyOf(entries));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new SealerException(
          "could not read rootfs " + root + ": " + (cause == null ? e : cause).getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SealerException("could not read rootfs " + root + ": interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Entries read (and, when not cached, hashed) by one task of a scan. */
  private static final int SCAN_BATCH = 256;

  private static TreeEntry entryOf(Path root, Path path, DigestCache cache) throws IOException {
    String relative =
        root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    if (!RelativePaths.isSafe(relative)) {
      throw new IOException("unusable path " + path);
    }
    // one lstat for everything below
    Map<String, Object> attrs =
        Files.readAttributes(
            path,
            "unix:mode,size,lastModifiedTime,ctime,ino,isSymbolicLink,isDirectory",
            LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode") & 07777;
    if ((Boolean) attrs.get("isSymbolicLink")) {
      return new TreeEntry(
          relative, EntryType.LINK, 0777, 0, null, Files.readSymbolicLink(path).toString());
    }
    if ((Boolean) attrs.get("isDirectory")) {
      return new TreeEntry(relative, EntryType.DIRECTORY, mode, 0, null, null);
    }
    String stamp = DigestCache.stamp(attrs);
    long expected = (Long) attrs.get("size");
    String cached = cache.lookup(relative, stamp);
    if (cached != null) {
      return new TreeEntry(relative, EntryType.FILE, mode, expected, cached, null);
    }
    MessageDigest digest = sha256();
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        size += n;
      }
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (size == expected) {
      cache.put(relative, stamp, sha, (FileTime) attrs.get("lastModifiedTime"));
    }
    return new TreeEntry(relative, EntryType.FILE, mode, size, sha, null);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "sealer-rootfs-hash");
      t.setDaemon(true);
      return t;
    };
  }
}
