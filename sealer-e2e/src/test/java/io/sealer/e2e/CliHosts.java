package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of the {@code local} provider made through the packaged CLI ({@code sealer alpha infra
 * up}), for the cluster tests that drive {@code sealer run} as a user does: a work directory with
 * the sealer root and a {@code HOME} of its own, the hosts' root password, {@code sealer} runs with
 * that {@code HOME} and password, and commands on a host over real SSH with the provider's key and
 * known hosts. Made from scratch ({@code down} first) and removed by {@link #close()}.
 */
final class CliHosts implements AutoCloseable {
  private final String env;
  private final List<String> ips;
  private final Path work;
  private final SealerProcess sealer;
  private final String password;

  private CliHosts(String env, List<String> ips, Path work, SealerProcess sealer, String password) {
    this.env = env;
    this.ips = ips;
    this.work = work;
    this.sealer = sealer;
    this.password = password;
  }

  /**
   * Makes the hosts {@code ips} (their count, in order) as environment {@code env} in {@code
   * subnet}, in a new temporary directory named after {@code prefix}.
   */
  static CliHosts up(String prefix, String env, List<String> ips, String subnet) throws Exception {
    Path work = Files.createTempDirectory(prefix);
    Files.createDirectories(work.resolve("home"));
    SealerProcess sealer = new SealerProcess(work.resolve("root"));
    sealer.run("alpha", "infra", "down", "--name", env);
    SealerProcess.Result up =
        sealer.run(
            "alpha",
            "infra",
            "up",
            "--hosts",
            String.valueOf(ips.size()),
            "--name",
            env,
            "--subnet",
            subnet);
    assertThat(up.exitCode()).as(up.err()).isZero();
    String password =
        Files.readString(work.resolve("root/infra/" + env + "/root-password")).strip();
    return new CliHosts(env, List.copyOf(ips), work, sealer, password);
  }

  Path work() {
    return work;
  }

  /** The sealer root ({@code --root}). */
  Path root() {
    return work.resolve("root");
  }

  /** The {@code HOME} of every run, so cluster state lands in {@code home/.sealer}. */
  Path home() {
    return work.resolve("home");
  }

  SealerProcess sealer() {
    return sealer;
  }

  /** Root's password on every host. */
  String password() {
    return password;
  }

  /** Runs {@code sealer} with this {@code HOME} and the hosts' password in the environment. */
  SealerProcess.Result run(String... args) throws Exception {
    return sealer.run(Map.of("HOME", home().toString(), "SEALER_SSH_PASSWORD", password), args);
  }

  /** Starts {@code sealer} as {@link #run} does, its output and errors going to {@code log}. */
  Process start(Path log, String... args) throws Exception {
    return sealer.start(
        Map.of("HOME", home().toString(), "SEALER_SSH_PASSWORD", password), log, args);
  }

  /** Runs a command on a host over real SSH; its output and errors, stripped. */
  String onHost(String ip, String command) throws Exception {
    return onHost(ip, command, "");
  }

  /** As {@link #onHost(String, String)}, with {@code input} on stdin (secrets stay off argv). */
  String onHost(String ip, String command, String input) throws Exception {
    int index = ips.indexOf(ip) + 1;
    assertThat(index).as("a host of " + env + ": " + ip).isPositive();
    Process ssh =
        new ProcessBuilder(
                "ssh",
                "-F",
                root().resolve("infra/" + env + "/ssh_config").toString(),
                "-o",
                "BatchMode=yes",
                env + "-" + index,
                command)
            .redirectErrorStream(true)
            .start();
    try (var stdin = ssh.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.strip();
  }

  @Override
  public void close() throws Exception {
    try {
      sealer.run("alpha", "infra", "down", "--name", env);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Removes a test's work directory (surefire keeps what the test printed), unless anything is
   * still mounted below it: a host left up by a failed {@code infra down} has /dev bound into its
   * root, and a walk through that would delete this machine's device nodes.
   */
  static void deleteTree(Path dir) throws java.io.IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    String prefix = dir.toRealPath().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mountPoint = line.split(" ")[4].replace("\\040", " ");
      if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
        System.err.println("kept " + dir + ": " + mountPoint + " is mounted below it");
        return;
      }
    }
    io.sealer.filesystem.LayerReader.deleteRecursively(dir);
  }
}
