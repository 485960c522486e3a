package io.sealer.image.build;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest of what a COPY, ADD or APP puts into its layer: for every target path, in order, its
 * type, permission bits and content hash (or link target). Two steps with equal digests write equal
 * layers, since layers ignore owners and timestamps.
 */
final class InputDigest {
  private InputDigest() {}

  static String of(Map<String, Path> files, FileHashes hashes) {
    MessageDigest all = sha256();
    for (Map.Entry<String, Path> e : new TreeMap<>(files).entrySet()) {
      Path p = e.getValue();
      StringBuilder line = new StringBuilder(e.getKey()).append('\0');
      try {
        if (Files.isSymbolicLink(p)) {
          line.append("l ").append(Files.readSymbolicLink(p));
        } else {
          Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            line.append("d ").append(mode);
          } else {
            line.append("f ").append(mode).append(' ');
            line.append(hashes.sha256(p));
          }
        }
      } catch (IOException e2) {
        throw new SealerException("could not read " + p + ": " + e2.getMessage(), e2);
      }
      all.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(all.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
