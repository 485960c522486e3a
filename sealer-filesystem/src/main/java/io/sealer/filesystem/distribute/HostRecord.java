package io.sealer.filesystem.distribute;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record a host keeps of what its target directory holds ({@code <target>.manifest}): a header
 * line, then one line per entry with tab-separated fields {@code type mode size sha256 mtime ctime
 * inode link path}; {@code -} stands for an empty field, and {@code %}, tab, newline and other
 * control characters in a link or path are written as {@code %XX}.
 */
final class HostRecord {
  static final String HEADER = "sealer-rootfs-record 1";

  private HostRecord() {}

  /** The record's text for {@code entries}. */
  static byte[] encode(Collection<HostEntry> entries) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (HostEntry e : entries) {
      out.append(e.type())
          .append('\t')
          .append(e.mode())
          .append('\t')
          .append(e.size())
          .append('\t')
          .append(field(e.sha256()))
          .append('\t')
          .append(field(e.mtime()))
          .append('\t')
          .append(field(e.ctime()))
          .append('\t')
          .append(field(e.inode()))
          .append('\t')
          .append(field(escape(e.link())))
          .append('\t')
          .append(escape(e.path()))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The entries of a record's text, by path. Lines that do not parse, or whose path is not a safe
   * relative path (a tampered record), are dropped and counted in {@code rejected}.
   */
  static Map<String, HostEntry> decode(String text, int[] rejected) {
    Map<String, HostEntry> entries = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      rejected[0] += Math.max(0, lines.length - 1);
      return entries;
    }
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t", -1);
      try {
        if (f.length != 9 || f[0].length() != 1) {
          throw new IllegalArgumentException();
        }
        String path = unescape(f[8]);
        if (!RelativePaths.isSafe(path)) {
          throw new IllegalArgumentException();
        }
        entries.put(
            path,
            new HostEntry(
                path,
                f[0].charAt(0),
                f[1],
                Long.parseLong(f[2]),
                unfield(f[4]),
                unfield(f[5]),
                unfield(f[6]),
                unescape(unfield(f[7])),
                unfield(f[3])));
      } catch (IllegalArgumentException e) {
        rejected[0]++;
      }
    }
    return entries;
  }

  private static String field(String value) {
    return value.isEmpty() ? "-" : value;
  }

  private static String unfield(String value) {
    return value.equals("-") ? "" : value;
  }

  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' || c < 0x20 || c == 0x7f || (c == '-' && value.length() == 1)) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          throw new IllegalArgumentException("bad escape");
        }
        out.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
