package io.sealer.filesystem.distribute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what a host needs, from the entries it must hold, what it reported and the digests it
 * computed. Pure: no I/O, so every rule is tested directly.
 */
final class Planner {
  private Planner() {}

  /**
   * The host files whose digest must be computed on the host: files of the right size that the
   * record does not vouch for (new to the record, or their size, times or inode changed), or every
   * such file when {@code verify} is set.
   */
  static List<String> toHash(List<TreeEntry> wanted, HostState state, boolean verify) {
    List<String> paths = new ArrayList<>();
    for (TreeEntry e : wanted) {
      if (e.type() != EntryType.FILE) {
        continue;
      }
      HostEntry actual = state.actual().get(e.path());
      if (actual == null || actual.type() != 'f' || actual.size() != e.size()) {
        continue;
      }
      if (verify || recordedDigest(state, actual) == null) {
        paths.add(e.path());
      }
    }
    return paths;
  }

  /** The record's digest for a file whose stat data shows it was not touched since, else null. */
  private static String recordedDigest(HostState state, HostEntry actual) {
    HostEntry recorded = state.record().get(actual.path());
    if (recorded == null || recorded.sha256().isEmpty() || !recorded.sameStat(actual)) {
      return null;
    }
    return recorded.sha256();
  }

  /**
   * The plan for a host.
   *
   * @param wanted the entries the host must hold, sorted parent first
   * @param state what the host reported
   * @param hashes digests the host computed for the files of {@link #toHash}
   * @param verify whether recorded digests are ignored
   */
  static TransferPlan plan(
      List<TreeEntry> wanted, HostState state, Map<String, String> hashes, boolean verify) {
    Map<String, HostEntry> actual = state.actual();
    Set<String> wantedPaths = new TreeSet<>();
    wanted.forEach(e -> wantedPaths.add(e.path()));

    // Removals: entries Sealer put there (recorded, or placed by an interrupted run) that the image
    // no longer has, deepest first; and entries whose type must change.
    TreeSet<String> ours = new TreeSet<>(state.record().keySet());
    ours.addAll(state.pending());
    List<String[]> removals = new ArrayList<>();
    int removed = 0;
    for (String path : ours.descendingSet()) {
      HostEntry host = actual.get(path);
      if (host != null && !wantedPaths.contains(path)) {
        removals.add(new String[] {"X", path});
        if (host.type() != 'd') {
          removed++;
        }
      }
    }
    for (TreeEntry e : wanted) {
      HostEntry host = actual.get(e.path());
      if (host != null && (host.type() == 'd') != (e.type() == EntryType.DIRECTORY)) {
        removals.add(new String[] {"R", e.path()});
      }
    }

    TransferPlan.Writer ops = new TransferPlan.Writer();
    removals.forEach(r -> ops.add(r[0], r[1]));
    List<TransferPlan.Send> toSend = new ArrayList<>();
    List<String[]> modes = new ArrayList<>();
    long bytes = 0;
    int sent = 0;
    int kept = 0;
    for (TreeEntry e : wanted) {
      if (e.type() == EntryType.DIRECTORY) {
        HostEntry host = actual.get(e.path());
        if (host == null || host.type() != 'd' || !host.mode().equals(e.octalMode())) {
          ops.add("D", e.octalMode(), e.path());
        }
      }
    }
    for (TreeEntry e : wanted) {
      HostEntry host = actual.get(e.path());
      switch (e.type()) {
        case DIRECTORY -> {}
        case LINK -> {
          if (host != null && host.type() == 'l' && host.link().equals(e.linkTarget())) {
            kept++;
          } else {
            ops.add("L", Objects.requireNonNull(e.linkTarget()), e.path());
            toSend.add(new TransferPlan.Send(e, 0));
            sent++;
          }
        }
        case FILE -> {
          String digest = hostDigest(state, hashes, host, e, verify);
          if (e.sha256().equals(digest)) {
            kept++;
            if (!host.mode().equals(e.octalMode())) {
              modes.add(new String[] {e.octalMode(), e.path()});
            }
            continue;
          }
          String sha = Objects.requireNonNull(e.sha256());
          String[] staged = state.staged().get(e.path());
          boolean reuse =
              staged != null && staged[0].equals(sha) && staged[1].equals(e.octalMode());
          long offset = reuse ? 0 : resumeOffset(state.partial().get(e.path()), e);
          ops.add(
              "F", e.octalMode(), sha, Long.toString(e.size()), Long.toString(offset), e.path());
          sent++;
          if (!reuse) {
            toSend.add(new TransferPlan.Send(e, offset));
            bytes += e.size() - offset;
          }
        }
      }
    }
    modes.forEach(m -> ops.add("M", m[0], m[1]));
    return new TransferPlan(ops.bytes(), ops.count(), toSend, bytes, sent, removed, kept);
  }

  /** How much of a file an interrupted run staged that the next stream can continue, else 0. */
  private static long resumeOffset(String[] partial, TreeEntry e) {
    if (partial == null || !partial[0].equals(e.sha256()) || !partial[1].equals(e.octalMode())) {
      return 0;
    }
    long size = Long.parseLong(partial[2]);
    return size > 0 && size < e.size() ? size : 0;
  }

  private static String hostDigest(
      HostState state, Map<String, String> hashes, HostEntry host, TreeEntry e, boolean verify) {
    if (host == null || host.type() != 'f' || host.size() != e.size()) {
      return null;
    }
    String computed = hashes.get(e.path());
    if (computed != null || verify) {
      return computed;
    }
    return recordedDigest(state, host);
  }

  /**
   * The record to write once the host holds {@code wanted}: each file with the host's stat data
   * (from its listing after the apply) and the image's digest; directories and links with their
   * type, mode and target only.
   *
   * @throws IllegalStateException naming the first entry the host does not hold as it should
   */
  static Collection<HostEntry> record(List<TreeEntry> wanted, Map<String, HostEntry> actual) {
    List<HostEntry> entries = new ArrayList<>();
    for (TreeEntry e : wanted) {
      HostEntry host = actual.get(e.path());
      if (host == null || host.type() != e.type().letter()) {
        throw new IllegalStateException(e.path() + " is missing after the transfer");
      }
      if (e.type() == EntryType.FILE) {
        entries.add(host.withSha256(Objects.requireNonNull(e.sha256())));
      } else {
        // A directory's times change whenever the host adds a file of its own to it; only its
        // type, mode (and a link's target) matter, so they alone are recorded.
        entries.add(
            new HostEntry(host.path(), host.type(), host.mode(), 0, "", "", "", host.link(), ""));
      }
    }
    return entries;
  }
}
