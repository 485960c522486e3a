package io.sealer.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Finding and stopping processes by pid, checked against their command line. */
final class Processes {
  private Processes() {}

  /** The pid in {@code pidFile} if that process is alive and its command line holds {@code tag}. */
  static OptionalLong live(Path pidFile, String tag) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return OptionalLong.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return commandLine(pid).filter(c -> c.contains(tag)).isPresent()
          ? OptionalLong.of(pid)
          : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A process's command line with NULs as spaces, if it exists. */
  static Optional<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          raw[i] = ' ';
        }
      }
      return Optional.of(new String(raw, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Sends TERM to each, waits up to 3 s in all, then KILLs what is left and waits for it. A zombie
   * (dead, waiting for its parent to collect it) counts as gone.
   */
  static void killAll(List<Long> pids) {
    List<ProcessHandle> handles =
        pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
    handles.forEach(ProcessHandle::destroy);
    waitGone(pids, 3000);
    handles.stream().filter(h -> running(h.pid())).forEach(ProcessHandle::destroyForcibly);
    waitGone(pids, 2000);
  }

  /** True if the process exists and is not a zombie. */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void waitGone(List<Long> pids, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (pids.stream().anyMatch(Processes::running) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
