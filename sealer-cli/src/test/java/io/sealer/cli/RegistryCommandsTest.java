package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage checks and failures of login, logout, push and pull that need no registry. */
class RegistryCommandsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path root;

  private int run(String... args) {
    return new SealerCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("SEALER_ROOT", root.toString()))
        .run(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void loginNeedsExactlyOnePasswordSource() {
    assertThat(run("login", "r.example.com", "-u", "bob")).isEqualTo(SealerCli.USAGE);
    assertThat(err()).contains("-p or --password-stdin");
  }

  @Test
  void pullRefusesAnUnknownPolicy() {
    assertThat(run("pull", "--policy", "sometimes", "r.example.com/a:1"))
        .isEqualTo(SealerCli.USAGE);
    assertThat(err()).contains("always, missing or never");
  }

  @Test
  void pushAndPullRefuseZeroJobs() {
    assertThat(run("push", "--jobs", "0", "r.example.com/a:1")).isEqualTo(SealerCli.USAGE);
    assertThat(run("pull", "--jobs", "0", "r.example.com/a:1")).isEqualTo(SealerCli.USAGE);
    assertThat(err()).contains("--jobs must be at least 1");
  }

  @Test
  void pullWithPolicyNeverFailsForAMissingImage() {
    assertThat(run("pull", "--policy", "never", "r.example.com/none:1"))
        .isEqualTo(SealerCli.FAILURE);
    assertThat(err()).contains("not found in the local store");
  }

  @Test
  void pushOfAMissingImageNamesIt() {
    assertThat(run("push", "r.example.com/none:1")).isEqualTo(SealerCli.FAILURE);
    assertThat(err()).startsWith("sealer: ").contains("r.example.com/none:1");
  }

  @Test
  void pullFromANonListeningPortSaysConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(run("-q", "pull", "--skip-tls-verify", "127.0.0.1:" + port + "/a/b:1"))
        .isEqualTo(SealerCli.FAILURE);
    assertThat(err()).contains("127.0.0.1:" + port).contains("connection refused");
    assertThat(err().lines().count()).isEqualTo(1);
  }

  @Test
  void helpShowsExamples() {
    assertThat(run("push", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--skip-tls-verify")
        .contains("--jobs");
  }
}
