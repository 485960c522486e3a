package io.sealer.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code bin/sealer} of sealer-cli/target/sealer as a real child process. */
final class SealerProcess {
  private final Path dist;
  private final Path root;

  SealerProcess(Path root) {
    String configured = System.getProperty("sealer.dist", "../sealer-cli/target/sealer");
    this.dist = Path.of(configured).toAbsolutePath().normalize();
    this.root = root;
    if (!Files.isExecutable(dist.resolve("bin/sealer"))) {
      throw new IllegalStateException(
          "no packaged sealer at " + dist + "/bin/sealer: run `mvn package` first");
    }
  }

  /** The root directory the commands run on. */
  Path root() {
    return root;
  }

  Path launcher() {
    return dist.resolve("bin/sealer");
  }

  /** The outcome of one run. */
  record Result(int exitCode, String out, String err) {}

  Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /**
   * Starts {@code sealer args} without waiting (for tests that signal it); output goes to {@code
   * log}. The launcher execs java, so the process is the JVM itself.
   */
  Process start(Path log, String... args) throws IOException {
    return start(Map.of(), log, args);
  }

  /** Like {@link #start(Path, String...)} with more environment variables. */
  Process start(Map<String, String> env, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SEALER_ROOT", root.toString());
    pb.environment().putAll(env);
    return pb.redirectOutput(log.toFile()).start();
  }

  Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SEALER_ROOT", root.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile("sealer-out", ".txt");
    Path err = Files.createTempFile("sealer-err", ".txt");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("sealer " + String.join(" ", args) + " timed out");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
