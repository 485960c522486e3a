package io.sealer.filesystem.distribute;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The listing of a local rootfs (every entry, with the digest of every file) kept beside its digest
 * cache under the key the caller gave for the rootfs's content, so that a later request with the
 * same key and rootfs skips reading the rootfs entirely: at 25,000 files the walk, the stat calls
 * and the digest cache took 0.6-0.75 s of a run that otherwise only asks five hosts "unchanged?".
 * Anything unexpected in the file (another key, another rootfs, a damaged line) makes it unused,
 * and the rootfs is read as without it. File format: a header line, {@code key TAB <key>}, {@code
 * root TAB <path>}, then one {@code type TAB mode TAB size TAB sha256 TAB link TAB path} line per
 * entry, in the listing's order (link and path escaped as in the host record).
 */
final class TreeSnapshot {
  private static final String HEADER = "sealer-rootfs-listing 1";

  private TreeSnapshot() {}

  /** Where the listing of the rootfs whose digests are cached in {@code digestCache} is kept. */
  static Path fileFor(Path digestCache) {
    return digestCache.resolveSibling(digestCache.getFileName() + ".listing");
  }

  /** The listing kept in {@code file} for {@code root} under {@code key}, if it is whole. */
  static Optional<LocalTree> read(Path file, Path root, String key) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
      if (lines.length < 4
          || !lines[0].equals(HEADER)
          || !lines[1].equals("key\t" + key)
          || !lines[2].equals("root\t" + HostRecord.escape(root.toString()))
          || !lines[lines.length - 1].isEmpty()) {
        return Optional.empty();
      }
      List<TreeEntry> entries = new ArrayList<>(lines.length - 4);
      for (int i = 3; i < lines.length - 1; i++) {
        TreeEntry e = parse(lines[i]);
        if (e == null) {
          return Optional.empty();
        }
        entries.add(e);
      }
      return Optional.of(LocalTree.of(root, entries));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static TreeEntry parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 6 || f[0].length() != 1) {
      return null;
    }
    EntryType type = EntryType.ofLetter(f[0].charAt(0));
    String path = HostRecord.unescape(f[5]);
    if (type == null || !RelativePaths.isSafe(path)) {
      return null;
    }
    int mode = Integer.parseInt(f[1], 8) & 07777;
    long size = Long.parseLong(f[2]);
    return switch (type) {
      case FILE ->
          f[3].length() == 64 && f[3].chars().allMatch(c -> Character.digit(c, 16) >= 0)
              ? new TreeEntry(path, type, mode, size, f[3], null)
              : null;
      case LINK -> new TreeEntry(path, type, 0777, 0, null, HostRecord.unescape(f[4]));
      case DIRECTORY -> new TreeEntry(path, type, mode, 0, null, null);
    };
  }

  /** Keeps {@code tree}'s listing in {@code file} under {@code key}; a failure is a warning. */
  static void write(Path file, LocalTree tree, String key, EventListener events) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("key\t").append(key).append('\n');
    out.append("root\t").append(HostRecord.escape(tree.root().toString())).append('\n');
    for (TreeEntry e : tree.entries()) {
      out.append(e.type().letter())
          .append('\t')
          .append(e.octalMode())
          .append('\t')
          .append(e.size())
          .append('\t')
          .append(e.sha256() == null ? "" : e.sha256())
          .append('\t')
          .append(e.linkTarget() == null ? "" : HostRecord.escape(e.linkTarget()))
          .append('\t')
          .append(HostRecord.escape(e.path()))
          .append('\n');
    }
    try {
      AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      events.log(
          LogEvent.warn("could not save the rootfs listing " + file + ": " + e.getMessage()));
    }
  }
}
