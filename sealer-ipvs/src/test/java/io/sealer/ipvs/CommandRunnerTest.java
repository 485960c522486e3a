package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.RemoteHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Commands run as child processes, behind a prefix, and through a host's shell. */
class CommandRunnerTest {

  @Test
  void runsAProgramWithStdinAndCapturesItsOutput() {
    CommandResult result = CommandRunner.local().run(List.of("cat"), "table ip t {}\n");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("table ip t {}\n");
    assertThat(result.host()).isEqualTo("local");
    assertThat(result.description()).isEqualTo("cat");
  }

  @Test
  void aPrefixWrapsEveryCommand() {
    CommandRunner runner = CommandRunner.local(List.of("env", "LVT_WHERE=inside"));
    CommandResult result = runner.run(List.of("sh", "-c", "echo $LVT_WHERE"), null);
    assertThat(result.stdout()).isEqualTo("inside\n");
    assertThat(runner.where()).isEqualTo("env LVT_WHERE=inside");
  }

  @Test
  void aMissingToolEndsWith127AndAFailureKeepsStderr() {
    CommandResult missing = CommandRunner.local().run(List.of("no-such-tool-lvt"), null);
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.stderr()).startsWith("no-such-tool-lvt: ");
    CommandResult failed =
        CommandRunner.local().run(List.of("sh", "-c", "echo 'Error: bad' >&2; exit 3"), null);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(LoadBalancerException.of("apply the rules", failed))
        .hasMessage(
            "could not apply the rules on local: sh -c echo 'Error: bad' >&2; exit 3 exited 3: Error: bad");
  }

  @Test
  void aHangingToolIsStoppedAtTheTimeout() {
    long start = System.nanoTime();
    CommandResult result =
        new ProcessCommandRunner(List.of(), Duration.ofMillis(300))
            .run(List.of("sleep", "30"), null);
    assertThat(result.exitCode()).isEqualTo(124);
    assertThat(result.stderr()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void onAHostEveryArgumentSurvivesTheShellUnchanged() {
    List<String> hostile =
        List.of(
            "printf", "%s|", "a b", "it's", "$(touch /tmp/lvt-pwned)", "`id`", "\"q\"", ";", "*");
    CommandResult result = CommandRunner.on(new BashHost()).run(hostile, null);
    assertThat(result.stdout()).isEqualTo("a b|it's|$(touch /tmp/lvt-pwned)|`id`|\"q\"|;|*|");
    assertThat(new java.io.File("/tmp/lvt-pwned")).doesNotExist();
    CommandResult piped = CommandRunner.on(new BashHost()).run(List.of("cat"), "rules\n");
    assertThat(piped.stdout()).isEqualTo("rules\n");
    assertThat(piped.host()).isEqualTo("bash-host");
    assertThat(piped.description()).isEqualTo("cat");
  }

  /**
   * A test double of a {@link RemoteHost}: runs each command's script with this machine's {@code
   * /bin/bash -c}, as a real host's shell would, feeding its stdin.
   */
  private static final class BashHost implements RemoteHost {
    @Override
    public String address() {
      return "bash-host";
    }

    @Override
    public CommandResult exec(HostCommand command) {
      try {
        Process p = new ProcessBuilder("/bin/bash", "-c", command.script()).start();
        try (OutputStream in = p.getOutputStream()) {
          if (command.stdin() != null) {
            command.stdin().transferTo(in);
          }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new CommandResult(address(), command.description(), p.exitValue(), out, err);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void copy(InputStream data, String path, int mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
