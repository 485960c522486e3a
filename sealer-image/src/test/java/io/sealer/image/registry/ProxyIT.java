package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.RegistryUnreachableException;
import io.sealer.image.store.ImageStores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and pull through a site's HTTP proxy, to a real {@code docker-registry} on this machine's
 * non-loopback address (loopback is never proxied): TLS through a {@code CONNECT} tunnel, plain
 * HTTP as absolute-URL requests, proxy credentials from the proxy URL.
 */
class ProxyIT {
  private static final PullOptions PULL =
      PullOptions.defaults().withSkipTlsVerify(true).withPlatform(Platform.LINUX_AMD64);
  private static final PushOptions PUSH = new PushOptions(false, true, PushOptions.DEFAULT_JOBS);

  @TempDir Path tmp;

  @Test
  void tlsRegistryThroughAConnectTunnelWithProxyCredentials() throws Exception {
    String address = address();
    try (RegistryServerFixture registry =
            RegistryServerFixture.start(tmp.resolve("reg"), false, true, address);
        HttpProxyFixture proxy = new HttpProxyFixture(basic("bob", "s3cret"))) {
      ProxyConfig config =
          ProxyConfig.fromEnvironment(
              Map.of("HTTPS_PROXY", "http://bob:s3cret@127.0.0.1:" + proxy.port()));
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/proxied:v1");
      ImageStore source = store("a");
      TestImages.image(source, ref, 3, 400_000);
      assertThat(client(source, config).push(ref, PUSH).blobsUploaded()).isEqualTo(2);
      assertThat(client(store("b"), config).pull(ref, PULL).blobsDownloaded()).isEqualTo(2);
      assertThat(proxy.requestLines).contains("CONNECT " + registry.host() + " HTTP/1.1");

      ProxyConfig wrong =
          ProxyConfig.fromEnvironment(
              Map.of("HTTPS_PROXY", "http://bob:wrong@127.0.0.1:" + proxy.port()));
      assertThatThrownBy(() -> client(store("c"), wrong).pull(ref, PULL))
          .isInstanceOf(RegistryUnreachableException.class)
          .hasMessageContaining("proxy 127.0.0.1:" + proxy.port())
          .hasMessageContaining("407")
          .hasMessageNotContaining("wrong");
    }
  }

  @Test
  void plainRegistryThroughAForwardingProxy() throws Exception {
    String address = address();
    try (RegistryServerFixture registry =
            RegistryServerFixture.start(tmp.resolve("reg"), false, false, address);
        HttpProxyFixture proxy = new HttpProxyFixture(null)) {
      ProxyConfig config =
          ProxyConfig.fromEnvironment(Map.of("http_proxy", "127.0.0.1:" + proxy.port()));
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/plain:v1");
      ImageStore source = store("a");
      TestImages.image(source, ref, 3, 200_000);
      assertThat(client(source, config).push(ref, PUSH).blobsUploaded()).isEqualTo(2);
      assertThat(client(store("b"), config).pull(ref, PULL).blobsDownloaded()).isEqualTo(2);
      assertThat(proxy.requestLines)
          .anyMatch(l -> l.startsWith("GET http://" + registry.host() + "/v2/"));

      // NO_PROXY sends it straight to the registry
      HttpProxyFixture unused = new HttpProxyFixture(null);
      try (unused) {
        ProxyConfig bypass =
            ProxyConfig.fromEnvironment(
                Map.of("HTTP_PROXY", "127.0.0.1:" + unused.port(), "NO_PROXY", address));
        assertThat(client(store("c"), bypass).pull(ref, PULL).blobsDownloaded()).isEqualTo(2);
        assertThat(unused.requestLines).isEmpty();
      }
    }
  }

  private static String address() throws Exception {
    String address = RegistryClientIT.nonLoopbackAddress();
    assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
    return address;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private ImageStore store(String name) throws Exception {
    return ImageStores.openLayout(tmp.resolve("store-" + name));
  }

  private DefaultRegistryClient client(ImageStore store, ProxyConfig proxies) {
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE);
    return new DefaultRegistryClient(store, settings, List.of(), tmp.resolve("none.json"), proxies);
  }
}
