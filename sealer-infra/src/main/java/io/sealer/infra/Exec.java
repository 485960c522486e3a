package io.sealer.infra;

import io.sealer.api.SealerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs this machine's tools (ip, nft, ssh-keygen) with a clean environment, an optional stdin and a
 * time limit. Secrets go on stdin, never on a command line.
 */
final class Exec {
  /** The search path every tool runs with. */
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What a finished command left. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** Stderr, else stdout, trimmed to one line's worth. */
    String reason() {
      String text = (stderr.isBlank() ? stdout : stderr).strip();
      return text.isEmpty() ? "exit status " + exitCode : text.replace('\n', ' ');
    }
  }

  private Exec() {}

  /** Runs {@code command}; a non-zero exit is returned, not thrown. */
  static Result run(List<String> command, @Nullable String stdin) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", PATH);
    env.put("LANG", "C.UTF-8");
    env.put("HOME", "/root");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SealerException("could not run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = drain(process.getErrorStream(), err);
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the tool exited without reading its input; its status says why
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread outReader = drain(process.getInputStream(), out);
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SealerException(
            "could not run "
                + String.join(" ", command)
                + ": no answer in "
                + TIMEOUT.toSeconds()
                + "s");
      }
      outReader.join();
      errReader.join();
      return new Result(
          process.exitValue(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SealerException("could not run " + command.get(0) + ": interrupted", e);
    }
  }

  /** Runs {@code command} and throws "could not {what}: reason" unless it exits 0. */
  static String check(String what, List<String> command, @Nullable String stdin) {
    Result result = run(command, stdin);
    if (!result.ok()) {
      throw new SealerException("could not " + what + ": " + result.reason());
    }
    return result.stdout();
  }

  private static Thread drain(InputStream in, ByteArrayOutputStream sink) {
    Thread thread =
        new Thread(
            () -> {
              try (in) {
                in.transferTo(sink);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "sealer-infra-exec");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
