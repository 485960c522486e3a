package io.sealer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaremetalProviderTest {
  private final InfraProvider provider = InfraProviders.baremetal();

  @Test
  void givenAddressesComeBackWithTheLoginOptions() {
    InfraEnvironment env =
        provider.up(
            InfraRequest.ofAddresses("prod", List.of("192.168.0.2", "fd00::3"))
                .withOption("user", "ops")
                .withOption("port", "2222")
                .withOption("privateKey", "/keys/id"));
    assertThat(env.hosts()).hasSize(2);
    assertThat(env.hosts().get(0).access().user()).isEqualTo("ops");
    assertThat(env.hosts().get(0).access().port()).isEqualTo(2222);
    assertThat(env.hosts().get(1).access().privateKey()).isEqualTo(Path.of("/keys/id"));
    assertThat(env.hosts().get(1).address()).isEqualTo("fd00::3");
    assertThat(provider.status("prod")).isEmpty();
    assertThat(provider.down("prod")).isFalse();
  }

  @Test
  void badInputIsOneClearMessage() {
    assertThatThrownBy(
            () -> provider.up(InfraRequest.ofAddresses("p", List.of("10.0.0.1", "10.0.0.01"))))
        .isInstanceOf(SealerException.class)
        .hasMessage("could not use host 10.0.0.01: it is listed twice");
    assertThatThrownBy(() -> provider.up(InfraRequest.ofAddresses("p", List.of("example.com"))))
        .hasMessage("could not use host example.com: not an IP address");
    assertThatThrownBy(() -> provider.up(InfraRequest.ofAddresses("p", List.of("10.0.0.300"))))
        .hasMessage("could not use host 10.0.0.300: not an IP address");
    assertThatThrownBy(() -> provider.up(InfraRequest.ofCount("p", 2)))
        .hasMessageContaining("no host addresses");
    assertThatThrownBy(
            () ->
                provider.up(
                    InfraRequest.ofAddresses("p", List.of("10.0.0.1")).withOption("port", "0")))
        .hasMessageContaining("SSH port 0");
    assertThatThrownBy(
            () ->
                provider.up(
                    InfraRequest.ofAddresses("p", List.of("10.0.0.1")).withOption("pasword", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pasword");
    assertThatThrownBy(() -> InfraRequest.ofCount("Bad-Name", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
