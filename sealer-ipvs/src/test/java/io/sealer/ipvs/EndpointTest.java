package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  @Test
  void parsesIpv4AndIpv6() {
    Endpoint v4 = Endpoint.parse("10.103.97.2:6443");
    assertThat(v4.ip()).isEqualTo("10.103.97.2");
    assertThat(v4.port()).isEqualTo(6443);
    assertThat(v4.isIpv6()).isFalse();
    assertThat(v4).hasToString("10.103.97.2:6443");

    Endpoint v6 = Endpoint.parse("[1248:4003:10bb:6a01:83b9:6360:c66d:0002]:6443");
    assertThat(v6.isIpv6()).isTrue();
    assertThat(v6.ip()).isEqualTo("1248:4003:10bb:6a01:83b9:6360:c66d:2");
    assertThat(Endpoint.parse("[fd00:0::0:2]:80")).hasToString("[fd00::2]:80");
    assertThat(Endpoint.parse("[::1]:80")).hasToString("[::1]:80");
    assertThat(Endpoint.parse("[1:0:0:2:0:0:0:3]:80")).hasToString("[1:0:0:2::3]:80");
    assertThat(Endpoint.parse("[1::]:80")).hasToString("[1::]:80");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0.1",
        "10.0.0.1:",
        "10.0.0.1:0",
        "10.0.0.1:65536",
        "10.0.0.1:http",
        "10.0.0.256:80",
        "10.0.0:80",
        "master0:6443",
        "fd00::1:80",
        "[fd00::1]",
        "[nothex::g]:80",
        "10.0.0.1:80 ; rm -rf /"
      })
  void rejectsWhatIsNotAnIpLiteralWithAPort(String text) {
    assertThatThrownBy(() -> Endpoint.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid address '" + text + "'");
  }

  @Test
  void virtualServerDropsDuplicatesAndRefusesMixedFamilies() {
    VirtualServer vs =
        VirtualServer.parse(
            "10.0.0.100:6443", List.of("10.0.0.1:6443", "10.0.0.2:6443", "10.0.0.1:6443"));
    assertThat(vs.realServers())
        .extracting(Endpoint::toString)
        .containsExactly("10.0.0.1:6443", "10.0.0.2:6443");
    assertThatThrownBy(() -> VirtualServer.parse("10.0.0.100:6443", List.of("[fd00::1]:6443")))
        .hasMessageContaining("same address family");
    assertThatThrownBy(() -> VirtualServer.parse("10.0.0.100:6443", List.of("10.0.0.100:6443")))
        .hasMessageContaining("the VIP itself");
  }

  @Test
  void healthCheckAndBackendNamesParse() {
    assertThat(HealthCheck.Scheme.parse("HTTPS")).isEqualTo(HealthCheck.Scheme.HTTPS);
    assertThat(HealthCheck.Scheme.parse("http")).hasToString("http");
    assertThatThrownBy(() -> HealthCheck.Scheme.parse("ftp")).hasMessageContaining("http or https");
    assertThat(BackendKind.parse("ipvs")).isEqualTo(BackendKind.IPVS);
    assertThat(BackendKind.parse("nftables")).hasToString("nftables");
    assertThatThrownBy(() -> BackendKind.parse("iptables"))
        .hasMessageContaining("ipvs or nftables");
    assertThatThrownBy(
            () -> new HealthCheck(HealthCheck.Scheme.HTTP, "healthz", Duration.ofSeconds(1)))
        .hasMessageContaining("must start with /");
    assertThatThrownBy(
            () -> new HealthCheck(HealthCheck.Scheme.HTTP, "/a b", Duration.ofSeconds(1)))
        .hasMessageContaining("no spaces");
    assertThat(HealthCheck.defaults().url(Endpoint.parse("10.0.0.1:6443")))
        .isEqualTo("https://10.0.0.1:6443/healthz");
  }
}
