package io.sealer.runtime.host;

import java.util.Map;

/** Signal numbers of the signal names an SSH server reports (Linux numbering). */
final class Signals {
  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("HUP", 1),
          Map.entry("INT", 2),
          Map.entry("QUIT", 3),
          Map.entry("ILL", 4),
          Map.entry("ABRT", 6),
          Map.entry("FPE", 8),
          Map.entry("KILL", 9),
          Map.entry("USR1", 10),
          Map.entry("SEGV", 11),
          Map.entry("USR2", 12),
          Map.entry("PIPE", 13),
          Map.entry("ALRM", 14),
          Map.entry("TERM", 15));

  private Signals() {}

  /** The number of a signal name such as "KILL" or "SIGKILL"; 0 if unknown. */
  static int number(String name) {
    String bare = name.startsWith("SIG") ? name.substring(3) : name;
    return NUMBERS.getOrDefault(bare, 0);
  }
}
