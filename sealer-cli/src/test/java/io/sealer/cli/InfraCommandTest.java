package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealer alpha infra}: parsing, messages and the baremetal provider (which touches nothing).
 * The local provider's real hosts are tested in sealer-infra's LocalProviderIT.
 */
class InfraCommandTest {
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

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void baremetalHostsArePrintedOneALine() {
    assertThat(
            run("alpha", "infra", "up", "--provider", "baremetal", "--hosts", "10.0.0.2,10.0.0.3"))
        .isZero();
    assertThat(out()).isEqualTo("10.0.0.2 10.0.0.2\n10.0.0.3 10.0.0.3\n");
  }

  @Test
  void baremetalAsJsonNeverShowsAPassword() throws Exception {
    assertThat(
            run(
                "alpha",
                "infra",
                "up",
                "--provider",
                "baremetal",
                "--hosts",
                "10.0.0.2",
                "--json",
                "--name",
                "prod"))
        .isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.get("name").asText()).isEqualTo("prod");
    assertThat(json.get("hosts").get(0).get("address").asText()).isEqualTo("10.0.0.2");
    assertThat(json.get("hosts").get(0).has("password")).isFalse();
  }

  @Test
  void badUsageIsOneLineAndExitTwo() {
    assertThat(run("alpha", "infra")).isEqualTo(2);
    assertThat(err()).contains("infra needs one of: up, down, list");
    err.reset();
    assertThat(run("alpha", "infra", "up")).isEqualTo(2);
    assertThat(err()).contains("infra up needs --hosts");
    err.reset();
    assertThat(run("alpha", "infra", "up", "--hosts", "2", "--name", "Bad_Name")).isEqualTo(2);
    assertThat(err()).contains("--name Bad_Name");
  }

  @Test
  void failuresNameWhatIsWrong() {
    assertThat(run("alpha", "infra", "up", "--provider", "aws", "--hosts", "1")).isEqualTo(1);
    assertThat(err())
        .isEqualTo(
            "sealer: could not find infra provider aws: known providers are baremetal, local\n");
    err.reset();
    assertThat(run("alpha", "infra", "up", "--provider", "baremetal", "--hosts", "10.0.0.1,db1"))
        .isEqualTo(1);
    assertThat(err()).isEqualTo("sealer: could not use host db1: not an IP address\n");
    err.reset();
    assertThat(run("alpha", "infra", "list", "--name", "nothere")).isEqualTo(1);
    assertThat(err()).contains("could not find local environment nothere");
  }
}
