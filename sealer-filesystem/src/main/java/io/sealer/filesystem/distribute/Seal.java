package io.sealer.filesystem.distribute;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest of the entries a host must hold (path, type, mode, size, sha256, link of each), which
 * a host's record is sealed with. A probe that is given the same digest, and finds the target's
 * listing and the record as they were when they were sealed, answers "unchanged" in one short
 * reply: a run that finds everything in place then costs the host one {@code find}, and Sealer no
 * parsing of the record or the listing.
 */
final class Seal {
  private static final byte[] VERSION = "sealer-rootfs-seal 1\n".getBytes(StandardCharsets.UTF_8);

  /** What {@code probe} prints first: the protocol version. */
  private static final byte[] PREFIX = "V\0001\000".getBytes(StandardCharsets.US_ASCII);

  private Seal() {}

  /** The seal of {@code wanted}, in its order. */
  static String of(List<TreeEntry> wanted) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    digest.update(VERSION);
    StringBuilder line = new StringBuilder(160);
    for (TreeEntry e : wanted) {
      line.setLength(0);
      line.append(e.type().letter())
          .append('\0')
          .append(e.octalMode())
          .append('\0')
          .append(e.size())
          .append('\0')
          .append(e.sha256() == null ? "" : e.sha256())
          .append('\0')
          .append(e.linkTarget() == null ? "" : e.linkTarget())
          .append('\0')
          .append(e.path())
          .append('\0');
      digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** True if a probe's output says that nothing changed since the seal it was given. */
  static boolean unchanged(byte[] probe) {
    return startsWith(probe, "U");
  }

  /** True if a probe's output says that the host has no seal yet (a record from before seals). */
  static boolean missing(byte[] probe) {
    return startsWith(probe, "N");
  }

  private static boolean startsWith(byte[] probe, String tag) {
    if (probe.length < PREFIX.length + 2) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (probe[i] != PREFIX[i]) {
        return false;
      }
    }
    return probe[PREFIX.length] == tag.charAt(0) && probe[PREFIX.length + 1] == 0;
  }
}
