package io.sealer.image.build;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Runs a RUN command on the build host: {@code /bin/sh -c <text>} (or the JSON form's argv) with
 * the rootfs as working directory, the host env overlaid with ARG/ENV values, and the rootfs's
 * {@code bin/} first on the PATH. Output lines go out as debug events; a non-zero exit fails with
 * the last lines of output.
 */
final class ShellRun {
  private static final int KEPT_LINES = 40;

  private ShellRun() {}

  static void run(
      List<String> argv,
      Path rootfs,
      Map<String, String> vars,
      String where,
      EventListener events,
      BuildGuard guard) {
    ProcessBuilder pb =
        new ProcessBuilder(argv).directory(rootfs.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.putAll(vars);
    String path =
        vars.getOrDefault(
            "PATH", System.getenv().getOrDefault("PATH", ImageAssembler.DEFAULT_PATH));
    env.put("PATH", rootfs.resolve("bin") + ":" + path);
    Deque<String> tail = new ArrayDeque<>();
    int exit;
    Process process = null;
    try {
      process = pb.start();
      guard.started(process);
      process.getOutputStream().close();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          events.onEvent(LogEvent.debug(line));
          tail.addLast(line);
          if (tail.size() > KEPT_LINES) {
            tail.removeFirst();
          }
        }
      }
      exit = process.waitFor();
    } catch (IOException e) {
      throw new SealerException(where + ": could not run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      BuildGuard.stopTree(process);
      throw new SealerException(where + ": could not run " + argv + ": interrupted", e);
    } finally {
      if (process != null) {
        guard.finished(process);
      }
    }
    if (exit != 0) {
      StringBuilder msg =
          new StringBuilder(where + ": could not run RUN command: it exited with status " + exit);
      if (!tail.isEmpty()) {
        msg.append("; its output:\n").append(String.join("\n", tail));
      }
      throw new SealerException(msg.toString());
    }
  }
}
