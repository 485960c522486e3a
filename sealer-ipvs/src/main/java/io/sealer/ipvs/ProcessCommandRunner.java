package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs a command as a child process, with an optional prefix and a time limit. */
final class ProcessCommandRunner implements CommandRunner {
  private static final int MAX_OUTPUT = 1 << 20;

  private final List<String> prefix;
  private final Duration timeout;

  ProcessCommandRunner(List<String> prefix, Duration timeout) {
    this.prefix = List.copyOf(prefix);
    this.timeout = timeout;
  }

  @Override
  public String where() {
    return prefix.isEmpty() ? "local" : String.join(" ", prefix);
  }

  @Override
  public CommandResult run(List<String> argv, @Nullable String stdin) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(argv);
    String description = String.join(" ", argv);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return new CommandResult(where(), description, 127, "", argv.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the program ended without reading its input; its exit status tells why
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new CommandResult(
            where(), description, 124, "", "timed out after " + timeout.toSeconds() + " s");
      }
      return new CommandResult(where(), description, process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new CommandResult(where(), description, 130, "", "interrupted");
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = stream.read(chunk)) >= 0) {
              if (buffer.size() < MAX_OUTPUT) {
                buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT - buffer.size()));
              }
            }
            return buffer.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        runnable -> {
          Thread thread = new Thread(runnable, "lvscare-output");
          thread.setDaemon(true);
          thread.start();
        });
  }
}
