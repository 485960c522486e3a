package io.sealer.filesystem.distribute;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the host-side script reported: the host's record, the target directory's actual entries,
 * files an interrupted run staged that still verify, and the paths that run may have placed. Parsed
 * from NUL-separated tokens; every path that is not a safe relative path is dropped and counted.
 *
 * @param record the recorded entries by path (empty if the host has no record)
 * @param actual the entries the target directory holds now, by path
 * @param staged verified staged files: path to {sha256, mode}
 * @param partial staged files cut short by an interruption: path to {sha256, mode, size so far}
 * @param pending paths the interrupted run's plan touched
 * @param rejected how many entries were dropped as unsafe or malformed
 */
record HostState(
    Map<String, HostEntry> record,
    Map<String, HostEntry> actual,
    Map<String, String[]> staged,
    Map<String, String[]> partial,
    Set<String> pending,
    int rejected) {

  /**
   * Parses the output of the script's {@code probe} (or, for {@code actual} alone, {@code apply}).
   */
  static HostState parse(byte[] output) {
    List<String> t = tokens(output);
    Map<String, HostEntry> record = new HashMap<>();
    Map<String, HostEntry> actual = new HashMap<>();
    Map<String, String[]> staged = new HashMap<>();
    Map<String, String[]> partial = new HashMap<>();
    Set<String> pending = new HashSet<>();
    int[] rejected = {0};
    int i = 0;
    while (i < t.size()) {
      String tag = t.get(i++);
      switch (tag) {
        case "V" -> i++;
        case "N", "U" -> {} // about the seal: see Seal

        case "R" -> record.putAll(HostRecord.decode(t.get(i++), rejected));
        case "P" -> {
          String path = t.get(i++);
          if (RelativePaths.isSafe(path)) {
            pending.add(path);
          } else {
            rejected[0]++;
          }
        }
        case "S" -> {
          String path = t.get(i + 2);
          if (RelativePaths.isSafe(path)) {
            staged.put(path, new String[] {t.get(i), t.get(i + 1)});
          } else {
            rejected[0]++;
          }
          i += 3;
        }
        case "Q" -> {
          String path = t.get(i + 3);
          if (RelativePaths.isSafe(path) && t.get(i + 2).matches("[0-9]{1,18}")) {
            partial.put(path, new String[] {t.get(i), t.get(i + 1), t.get(i + 2)});
          } else {
            rejected[0]++;
          }
          i += 4;
        }
        case "E" -> {
          String path = t.get(i + 7);
          if (RelativePaths.isSafe(path) && t.get(i).length() == 1) {
            actual.put(
                path,
                new HostEntry(
                    path,
                    t.get(i).charAt(0),
                    t.get(i + 1),
                    Long.parseLong(t.get(i + 2)),
                    t.get(i + 3),
                    t.get(i + 4),
                    t.get(i + 5),
                    t.get(i + 6),
                    ""));
          } else {
            rejected[0]++;
          }
          i += 8;
        }
        default -> throw new IllegalArgumentException("unexpected token '" + tag + "'");
      }
    }
    return new HostState(record, actual, staged, partial, pending, rejected[0]);
  }

  /** Parses {@code sha256sum -z} output ("hex ./path" tokens) into path to digest. */
  static Map<String, String> parseHashes(byte[] output) {
    Map<String, String> hashes = new HashMap<>();
    for (String token : tokens(output)) {
      if (token.length() > 66 && token.startsWith("  ", 64)) {
        String path = token.substring(66);
        hashes.put(path.startsWith("./") ? path.substring(2) : path, token.substring(0, 64));
      }
    }
    return hashes;
  }

  /** Splits NUL-terminated UTF-8 tokens. */
  static List<String> tokens(byte[] output) {
    List<String> tokens = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < output.length; i++) {
      if (output[i] == 0) {
        tokens.add(new String(output, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return tokens;
  }
}
