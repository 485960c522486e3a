package io.sealer.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content hashes of build-context files, remembered across builds in {@code
 * <root>/build-cache/file-hashes.json} by path together with size, mtime, ctime and inode: a file
 * whose metadata is unchanged is not read again, so a no-change rebuild of a large context costs a
 * walk instead of a read. Any metadata change (including a rewrite with equal content) rehashes.
 */
final class FileHashes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, String> known = new ConcurrentHashMap<>();
  private final Map<String, String> used = new ConcurrentHashMap<>();

  FileHashes(Path root) {
    this.file = root.resolve("build-cache").resolve("file-hashes.json");
    try {
      if (Files.isRegularFile(file)) {
        JsonNode n = JSON.readTree(file.toFile());
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          known.put(e.getKey(), e.getValue().asText());
        }
      }
    } catch (IOException | RuntimeException e) {
      known.clear();
    }
  }

  /** The hex SHA-256 of a regular file's content. */
  String sha256(Path p) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(p, "unix:size,lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
    String stamp =
        a.get("size") + ":" + a.get("lastModifiedTime") + ":" + a.get("ctime") + ":" + a.get("ino");
    String key = p.toAbsolutePath().toString();
    String entry = known.get(key);
    if (entry != null && entry.startsWith(stamp + "=")) {
      used.put(key, entry);
      return entry.substring(stamp.length() + 1);
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    }
    String hex = HexFormat.of().formatHex(md.digest());
    used.put(key, stamp + "=" + hex);
    return hex;
  }

  /** Saves the hashes this build used (others are forgotten), atomically; best effort. */
  void save() {
    if (used.isEmpty()) {
      return;
    }
    try {
      ObjectNode n = JSON.createObjectNode();
      new java.util.TreeMap<>(used).forEach(n::put);
      AtomicFiles.write(file, JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      // a lost memo only costs a rehash next time
    }
  }
}
