package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxy variables read as Docker and skopeo read them. */
class ProxyConfigTest {
  private static final Map<String, String> BOTH =
      Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "http_proxy", "proxy.corp:8080");

  @Test
  void picksTheProxyByScheme() {
    ProxyConfig config = ProxyConfig.fromEnvironment(BOTH);
    assertThat(config.problem()).isNull();
    assertThat(config.proxyFor(URI.create("https://registry.example.com/v2/")))
        .hasValueSatisfying(p -> assertThat(p.toString()).isEqualTo("proxy.corp:3128"));
    // a proxy URL without a scheme is http://, port 8080 as given
    assertThat(config.proxyFor(URI.create("http://registry.example.com:5000/v2/")))
        .hasValueSatisfying(p -> assertThat(p.port()).isEqualTo(8080));
    assertThat(ProxyConfig.fromEnvironment(Map.of()).proxyFor(URI.create("https://a.b/")))
        .isEmpty();
  }

  @Test
  void neverProxiesThisMachine() {
    ProxyConfig config = ProxyConfig.fromEnvironment(BOTH);
    for (String url :
        new String[] {
          "https://localhost:5000/v2/", "http://127.0.0.1:5000/", "https://[::1]:5000/"
        }) {
      assertThat(config.proxyFor(URI.create(url))).as(url).isEmpty();
    }
  }

  @Test
  void noProxyMatchesNamesSubdomainsAddressesRangesAndPorts() {
    ProxyConfig config =
        ProxyConfig.fromEnvironment(
            Map.of(
                "HTTPS_PROXY",
                "http://proxy:3128",
                "NO_PROXY",
                " internal.corp, .svc.local,10.1.0.0/16, 192.168.5.5, harbor.lan:8443 "));
    String[] direct = {
      "https://internal.corp/v2/",
      "https://reg.internal.corp/v2/",
      "https://a.svc.local/",
      "https://10.1.200.3:5000/",
      "https://192.168.5.5/",
      "https://harbor.lan:8443/"
    };
    for (String url : direct) {
      assertThat(config.proxyFor(URI.create(url))).as(url).isEmpty();
    }
    String[] proxied = {
      "https://notinternal.corp/",
      "https://svc.local/", // a leading dot covers subdomains only
      "https://10.2.0.1/",
      "https://192.168.5.6/",
      "https://harbor.lan/", // port 443, not 8443
      "https://docker.io/"
    };
    for (String url : proxied) {
      assertThat(config.proxyFor(URI.create(url))).as(url).isPresent();
    }
    assertThat(
            ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "proxy:1", "no_proxy", "*"))
                .proxyFor(URI.create("https://docker.io/")))
        .isEmpty();
  }

  @Test
  void credentialsBecomeAProxyAuthorizationAndStayOutOfItsName() {
    ProxyConfig config =
        ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "http://bob:p%40ss@proxy.corp:3128"));
    ProxyConfig.Proxy proxy = config.proxyFor(URI.create("https://docker.io/")).orElseThrow();
    assertThat(proxy.authorization())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bob:p@ss".getBytes()));
    assertThat(proxy.toString()).isEqualTo("proxy.corp:3128").doesNotContain("bob");
  }

  @Test
  void unusableValuesAreReportedByVariableWithoutTheirCredentials() {
    ProxyConfig config =
        ProxyConfig.fromEnvironment(
            Map.of("HTTPS_PROXY", "socks5://bob:secret@proxy:1080", "HTTP_PROXY", "http://"));
    assertThat(config.problem())
        .contains("HTTPS_PROXY uses socks5://; only http:// proxies are supported")
        .contains("HTTP_PROXY")
        .doesNotContain("secret");
  }
}
