package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
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
import io.sealer.api.registry.RegistryUnreachableException;
import io.sealer.image.store.ImageStores;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries that go silent (issue 10, point 9): half a blob then nothing, a Content-Length longer
 * than the body, a port that accepts and never answers. With the stall timeout set to 0.5 s here,
 * each must fail within a few seconds with a message naming the registry and the setting, and a
 * stalled blob must be resumed with a Range request, not started over.
 */
class StalledRegistryTest {
  private static final String STALL = "0.5";

  @TempDir Path tmp;
  private HttpServer server;
  private final CountDownLatch end = new CountDownLatch(1);
  private final List<String> blobRequests = new CopyOnWriteArrayList<>();
  private ImageStore source;
  private Descriptor manifest;
  private Digest layer;
  private byte[] layerBytes;

  @BeforeEach
  void image() throws IOException {
    source = ImageStores.openLayout(tmp.resolve("src"));
    manifest = TestImages.image(source, ImageReference.parse("local/x:v1"), 9, 400_000);
    JsonNode json = new ObjectMapper().readTree(source.readBlob(manifest.digest()));
    layer = Digest.parse(json.path("layers").get(0).path("digest").asText());
    layerBytes = source.readBlob(layer);
  }

  @AfterEach
  void stop() {
    end.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void halfABlobThenSilenceIsResumedWithRange() throws Exception {
    // the first GET sends half the layer and goes silent; the next one is served in full
    int half = layerBytes.length / 2;
    serve(n -> n == 1, half, layerBytes.length);
    client()
        .pull(
            ImageReference.parse(registry() + "/team/app:v1"),
            PullOptions.defaults().withSkipTlsVerify(true).withPlatform(Platform.LINUX_AMD64));
    assertThat(blobRequests).hasSize(2);
    assertThat(blobRequests.get(0)).isEmpty();
    assertThat(blobRequests.get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
    long from = Long.parseLong(blobRequests.get(1).replaceAll("bytes=(\\d+)-", "$1"));
    assertThat(from).isPositive().isLessThanOrEqualTo(half);
    assertThat(ImageStores.openLayout(tmp.resolve("dst")).readBlob(layer)).isEqualTo(layerBytes);
  }

  @Test
  void aRegistryThatStaysSilentFailsSoonNamingItself() throws Exception {
    // every GET of the layer sends half of it (or, resumed, nothing) and goes silent
    serve(n -> true, layerBytes.length / 2, layerBytes.length);
    assertFailsSoon();
    // the retry resumed where the first attempt stopped, and no third attempt was made
    assertThat(blobRequests).hasSize(2);
    assertThat(blobRequests.get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
  }

  @Test
  void aContentLengthLongerThanTheBodyFailsSoon() throws Exception {
    // all but the last 1000 bytes are sent under a Content-Length 1000 bytes longer than the
    // layer, then nothing
    serve(n -> true, layerBytes.length - 1000, layerBytes.length + 1000);
    assertFailsSoon();
  }

  @Test
  void loginToAPortThatNeverAnswersFailsSoon() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // and never a byte back
                  }
                } catch (IOException e) {
                  // closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String registry = "127.0.0.1:" + silent.getLocalPort();
      long start = System.nanoTime();
      assertThatThrownBy(() -> client().login(registry, "user", "secret-pw", false))
          .isInstanceOf(RegistryUnreachableException.class)
          .hasMessageContaining(registry)
          .hasMessageContaining("no byte came or went for 0.5 s")
          .hasMessageContaining(DefaultRegistryClient.STALL_TIMEOUT_VARIABLE)
          .hasMessageNotContaining("secret-pw");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(8));
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aRegistryThatStopsReadingAnUploadFailsSoon() throws Exception {
    // uploads start, then the registry reads nothing of the body and never answers: the blocking
    // write has no timeout of its own, the stall timeout must end it
    ImageStore local = ImageStores.openLayout(tmp.resolve("push"));
    ImageReference name = ImageReference.parse("local/big:v1");
    TestImages.image(local, name, 4, 24_000_000);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v2/",
        ex -> {
          String method = ex.getRequestMethod();
          String path = ex.getRequestURI().getPath();
          if (path.equals("/v2/")) {
            ex.sendResponseHeaders(200, -1);
          } else if (method.equals("HEAD")) {
            ex.sendResponseHeaders(404, -1);
          } else if (method.equals("POST")) {
            ex.getResponseHeaders().add("Location", "/v2/team/big/blobs/uploads/u1");
            ex.sendResponseHeaders(202, -1);
          } else if (path.contains("/blobs/uploads/u1") && !method.equals("PUT")) {
            try {
              end.await(30, TimeUnit.SECONDS); // neither reads the body nor answers
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          } else {
            // small blobs (the config) go in one PUT
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(201, -1);
          }
          ex.close();
        });
    server.start();
    DefaultRegistryClient client =
        new DefaultRegistryClient(
            local,
            new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE),
            List.of(),
            tmp.resolve("none.json"),
            ProxyConfig.NONE,
            STALL);
    ImageReference target = ImageReference.parse(registry() + "/team/big:v1");
    local.setName(target, local.require(name.toString()).manifest());
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                client.push(
                    target,
                    new io.sealer.api.registry.PushOptions(
                        false, true, io.sealer.api.registry.PushOptions.DEFAULT_JOBS)))
        .isInstanceOf(RegistryUnreachableException.class)
        .hasMessageContaining("at registry " + registry())
        .hasMessageContaining("push blob")
        .hasMessageContaining("no byte came or went for 0.5 s");
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void aBadStallTimeoutIsReportedByName() throws Exception {
    DefaultRegistryClient client =
        new DefaultRegistryClient(
            ImageStores.openLayout(tmp.resolve("dst")),
            new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE),
            List.of(),
            tmp.resolve("none.json"),
            ProxyConfig.NONE,
            "soon");
    assertThatThrownBy(
            () ->
                client.pull(
                    ImageReference.parse("127.0.0.1:9/team/app:v1"),
                    PullOptions.defaults().withSkipTlsVerify(true)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(DefaultRegistryClient.STALL_TIMEOUT_VARIABLE + "=soon");
  }

  private void assertFailsSoon() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                client()
                    .pull(
                        ImageReference.parse(registry() + "/team/app:v1"),
                        PullOptions.defaults()
                            .withSkipTlsVerify(true)
                            .withPlatform(Platform.LINUX_AMD64)))
        .isInstanceOf(RegistryUnreachableException.class)
        .hasMessageContaining("at registry " + registry())
        .hasMessageContaining(layer.shortHex())
        .hasMessageContaining("no byte came or went for 0.5 s")
        .hasMessageContaining(DefaultRegistryClient.STALL_TIMEOUT_VARIABLE);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(8));
  }

  private DefaultRegistryClient client() throws IOException {
    return new DefaultRegistryClient(
        ImageStores.openLayout(tmp.resolve("dst")),
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE),
        List.of(),
        tmp.resolve("none.json"),
        ProxyConfig.NONE,
        STALL);
  }

  private String registry() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * A registry serving the test image; the layer's GETs numbered {@code n} (from 1) for which
   * {@code stalls} holds send at most {@code sent} bytes of what they owe under a Content-Length of
   * {@code announced} (less what a Range skips), then go silent until the test ends.
   */
  private void serve(IntPredicate stalls, int sent, int announced) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v2/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          if (path.equals("/v2/")) {
            ex.sendResponseHeaders(200, -1);
            ex.close();
          } else if (path.endsWith("/manifests/v1")) {
            ex.getResponseHeaders().add("Content-Type", manifest.mediaType());
            send(ex, 200, source.readBlob(manifest.digest()));
          } else if (path.endsWith("/blobs/" + layer)) {
            String range = ex.getRequestHeaders().getFirst("Range");
            blobRequests.add(range == null ? "" : range);
            int from =
                range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            if (!stalls.test(blobRequests.size())) {
              byte[] rest = java.util.Arrays.copyOfRange(layerBytes, from, layerBytes.length);
              send(ex, from > 0 ? 206 : 200, rest);
              return;
            }
            ex.sendResponseHeaders(from > 0 ? 206 : 200, announced - from);
            OutputStream out = ex.getResponseBody();
            if (sent > from) {
              out.write(layerBytes, from, sent - from);
            }
            out.flush();
            try {
              end.await(30, TimeUnit.SECONDS); // silence
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            ex.close();
          } else {
            send(ex, 200, source.readBlob(Digest.parse(path.substring(path.lastIndexOf('/') + 1))));
          }
        });
    server.start();
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
