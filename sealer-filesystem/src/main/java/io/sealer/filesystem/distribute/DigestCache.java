package io.sealer.filesystem.distribute;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The digests of a local rootfs's files between runs, so that a run over an unchanged mount does
 * not read every file again. A digest is reused only while the file's size, mtime, ctime and inode
 * are the same; a file changed within two seconds before the scan is not cached, as its times may
 * not yet show a change that follows. A missing, unreadable or damaged cache is simply rebuilt.
 * File format: a header line, then {@code sha256 TAB stamp TAB path} lines (path escaped as in the
 * host record).
 */
final class DigestCache {
  private static final String HEADER = "sealer-digest-cache 1";
  private static final long RACY_MILLIS = 2000;

  private final @Nullable Path file;
  private final Map<String, String[]> known;
  private final Map<String, String[]> current = new ConcurrentHashMap<>();
  private final long startMillis = System.currentTimeMillis();

  private DigestCache(@Nullable Path file, Map<String, String[]> known) {
    this.file = file;
    this.known = known;
  }

  /** The cache kept in {@code file}, or a cache that keeps nothing if {@code file} is null. */
  static DigestCache open(@Nullable Path file) {
    Map<String, String[]> known = new ConcurrentHashMap<>();
    if (file != null && Files.isRegularFile(file)) {
      try {
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        if (lines.length > 0 && lines[0].equals(HEADER)) {
          for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f.length == 3 && f[0].length() == 64) {
              known.put(HostRecord.unescape(f[2]), new String[] {f[1], f[0]});
            }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        known.clear();
      }
    }
    return new DigestCache(file, known);
  }

  /** The stamp of a file from its {@code unix:} attributes. */
  static String stamp(Map<String, Object> attrs) {
    return attrs.get("size")
        + ":"
        + ((FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
        + ":"
        + ((FileTime) attrs.get("ctime")).to(TimeUnit.NANOSECONDS)
        + ":"
        + attrs.get("ino");
  }

  /** The cached digest of {@code path} if its stamp is unchanged, else null. */
  @Nullable String lookup(String path, String stamp) {
    String[] hit = known.get(path);
    if (hit != null && hit[0].equals(stamp)) {
      current.put(path, hit);
      return hit[1];
    }
    return null;
  }

  /** Remembers a digest just computed, unless the file changed too recently to trust its times. */
  void put(String path, String stamp, String sha256, FileTime modified) {
    if (modified.toMillis() < startMillis - RACY_MILLIS) {
      current.put(path, new String[] {stamp, sha256});
    }
  }

  /** Writes the digests of this run's files (only), atomically; a failure is only a warning. */
  void save(EventListener events) {
    if (file == null || current.equals(known)) {
      return;
    }
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    current.forEach(
        (path, v) ->
            out.append(v[1])
                .append('\t')
                .append(v[0])
                .append('\t')
                .append(HostRecord.escape(path))
                .append('\n'));
    try {
      AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      events.log(LogEvent.warn("could not save digest cache " + file + ": " + e.getMessage()));
    }
  }
}
