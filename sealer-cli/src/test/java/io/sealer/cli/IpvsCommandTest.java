package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sealer ipvs}: bad flags fail with one line and status 2 before anything touches the host.
 * (Applying rules is tested on real nftables inside network namespaces by sealer-ipvs'
 * NftablesCareIT; nothing here may change this machine's own network.)
 */
class IpvsCommandTest {
  @TempDir Path root;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new SealerCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("SEALER_ROOT", root.toString()),
            Commands::all)
        .run(args);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ipvs care --rs 10.0.0.1:6443 | --vs VIP:PORT is required",
        "ipvs care --vs 10.0.0.100:6443 | at least one --rs IP:PORT is required",
        "ipvs care --vs 10.0.0.100 --rs 10.0.0.1:6443 | invalid address '10.0.0.100': expected IP:PORT",
        "ipvs care --vs 10.0.0.100:6443 --rs master0:6443 | invalid address 'master0:6443': 'master0' is not an IP address",
        "ipvs care --vs 10.0.0.100:6443 --rs 10.0.0.1:6443 --health-schem ftp | invalid health scheme 'ftp': expected http or https",
        "ipvs care --vs 10.0.0.100:6443 --rs 10.0.0.1:6443 --health-path healthz | invalid health path 'healthz'",
        "ipvs care --vs 10.0.0.100:6443 --rs 10.0.0.1:6443 --backend iptables | invalid backend 'iptables': expected ipvs or nftables",
        "ipvs care --vs 10.0.0.100:6443 --rs 10.0.0.1:6443 --interval 0 | --interval must be at least 1 second, not 0",
        "ipvs care --vs 10.0.0.100:6443 --rs [fd00::1]:6443 | is not of the same address family as the VIP",
        "ipvs care --vs 10.0.0.100:6443 --rs 10.0.0.1:6443,master1:6443 | invalid address 'master1:6443'",
        "ipvs scare --vs 10.0.0.100:6443 --rs 10.0.0.1:6443 | unknown ipvs subcommand scare",
      })
  void badFlagsGiveOneLineAndStatusTwo(String command, String message) {
    assertThat(run(command.strip().split(" "))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("sealer ipvs: ")
        .contains(message)
        .endsWith("(see 'sealer ipvs --help')" + System.lineSeparator())
        .hasLineCount(1);
  }

  @Test
  void aNonNumericIntervalIsAUsageError() {
    assertThat(run("ipvs", "care", "--vs", "10.0.0.100:6443", "--interval", "soon")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--interval").hasLineCount(1);
  }

  @Test
  void helpShowsTheFlagsAndExamples() {
    assertThat(run("ipvs", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--vs", "--rs", "--health-path", "--health-schem", "--interval", "--run-once")
        .contains("--clean", "--backend")
        .contains("sealer ipvs care --vs 10.103.97.2:6443");
  }
}
