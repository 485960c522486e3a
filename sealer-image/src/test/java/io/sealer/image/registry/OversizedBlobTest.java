package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that sends a layer without end (its bytes, then junk, chunked): the pull stops at the
 * size the manifest gives, with an error naming the blob, and leaves no more than that on disk.
 */
class OversizedBlobTest {
  @TempDir Path tmp;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aBlobLongerThanItsDescriptorIsCutAndRefused() throws Exception {
    ImageStore source = ImageStores.openLayout(tmp.resolve("src"));
    Descriptor manifest =
        TestImages.image(source, ImageReference.parse("local/x:v1"), 5, 3_000_000);
    JsonNode json = new ObjectMapper().readTree(source.readBlob(manifest.digest()));
    Digest layer = Digest.parse(json.path("layers").get(0).path("digest").asText());
    long layerSize = json.path("layers").get(0).path("size").asLong();
    AtomicLong junkSent = new AtomicLong();
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
            body = source.readBlob(manifest.digest());
          } else if (path.endsWith("/blobs/" + layer)) {
            ex.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = ex.getResponseBody()) {
              out.write(source.readBlob(layer));
              byte[] junk = new byte[64 * 1024];
              for (int i = 0; i < 1600; i++) { // 100 MiB at most
                out.write(junk);
                junkSent.addAndGet(junk.length);
              }
            } catch (java.io.IOException e) {
              // the client hung up, as it should
            }
            return;
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
    Path root = tmp.resolve("dst");
    DefaultRegistryClient client =
        new DefaultRegistryClient(
            ImageStores.openLayout(root),
            new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE),
            List.of(),
            tmp.resolve("none.json"));

    assertThatThrownBy(
            () ->
                client.pull(
                    ImageReference.parse(registry + "/team/app:v1"),
                    PullOptions.defaults()
                        .withSkipTlsVerify(true)
                        .withPlatform(Platform.LINUX_AMD64)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(layer.shortHex())
        .hasMessageContaining("more than the " + layerSize + " bytes");
    assertThat(junkSent.get()).isLessThan(100L * 1024 * 1024);
    try (Stream<Path> files = Files.walk(root)) {
      long largest =
          files.filter(Files::isRegularFile).mapToLong(OversizedBlobTest::size).max().orElse(0);
      assertThat(largest).isPositive().isLessThanOrEqualTo(layerSize);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
