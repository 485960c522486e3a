package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.RegistryException;
import io.sealer.image.store.ImageStores;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries whose manifest is not what they say: bytes that do not have the digest of their {@code
 * Docker-Content-Digest}, a manifest cut short, one over the size limit. Each pull fails with one
 * line naming the registry and what was wrong, and names nothing.
 */
class LyingManifestTest {
  @TempDir Path tmp;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String pull(UnaryOperator<byte[]> alter, boolean claimDigest) throws Exception {
    ImageStore source = ImageStores.openLayout(tmp.resolve("src"));
    Descriptor manifest = TestImages.image(source, ImageReference.parse("local/x:v1"), 1, 1000);
    byte[] real = source.readBlob(manifest.digest());
    byte[] served = alter.apply(real);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v2/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          byte[] body;
          if (path.equals("/v2/")) {
            body = new byte[0];
          } else if (path.endsWith("/manifests/v1")) {
            ex.getResponseHeaders().add("Content-Type", manifest.mediaType());
            if (claimDigest) {
              ex.getResponseHeaders().add("Docker-Content-Digest", manifest.digest().toString());
            }
            body = served;
          } else {
            body = source.readBlob(Digest.parse(path.substring(path.lastIndexOf('/') + 1)));
          }
          ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    String registry = "127.0.0.1:" + server.getAddress().getPort();
    ImageStore target = ImageStores.openLayout(tmp.resolve("dst"));
    DefaultRegistryClient client =
        new DefaultRegistryClient(
            target,
            new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE),
            List.of(),
            tmp.resolve("none.json"));
    try {
      client.pull(
          ImageReference.parse(registry + "/team/app:v1"),
          PullOptions.defaults().withSkipTlsVerify(true).withPlatform(Platform.LINUX_AMD64));
      return "pulled";
    } catch (RegistryException e) {
      assertThat(e.getMessage()).contains(registry).doesNotContain("Source:", "REDACTED");
      assertThat(e.getMessage().lines()).hasSize(1);
      assertThat(target.list()).isEmpty();
      return e.getMessage();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void bytesThatDoNotHaveTheClaimedDigestAreRefused() throws Exception {
    String error =
        pull(
            bytes -> {
              byte[] altered = bytes.clone();
              altered[altered.length - 2] = ' '; // still JSON, other digest
              return altered;
            },
            true);
    assertThat(error).contains("the registry says its digest is sha256:", "bytes received have");
  }

  @Test
  void aCutManifestSaysSoWithoutParserText() throws Exception {
    String error = pull(bytes -> Arrays.copyOf(bytes, bytes.length / 2), false);
    assertThat(error).contains("the manifest is not valid JSON (it ends early");
  }

  @Test
  void anOversizedManifestIsRefusedBeforeParsing() throws Exception {
    String error =
        pull(
            bytes -> {
              byte[] big = Arrays.copyOf(bytes, (9 << 20));
              Arrays.fill(big, bytes.length, big.length, (byte) ' ');
              return big;
            },
            false);
    assertThat(error).contains("larger than 8 MiB");
  }

  @Test
  void anHonestRegistryStillWorks() throws Exception {
    assertThat(pull(bytes -> bytes, true)).isEqualTo("pulled");
  }
}
