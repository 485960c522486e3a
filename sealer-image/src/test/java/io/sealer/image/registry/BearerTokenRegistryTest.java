package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullResult;
import io.sealer.image.store.ImageStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted registry (JDK HTTP server) with a bearer-token realm and blobs redirected to another
 * host: the client fetches a token with the pull scope and basic credentials, refreshes it on 401,
 * and never sends the Authorization header to the storage host.
 */
class BearerTokenRegistryTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> scopes = new CopyOnWriteArrayList<>();
  private final List<String> storageAuthHeaders = new CopyOnWriteArrayList<>();
  private volatile int tokens;
  private volatile boolean expireOnce = true;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void pullsWithBearerTokenAndRedirectedBlobs() throws Exception {
    ImageStore source = ImageStores.openLayout(tmp.resolve("src"));
    Descriptor manifest =
        TestImages.image(source, ImageReference.parse("local/x:v1"), 21, 300_000, 1_000);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = server.getAddress().getPort();
    String registry = "127.0.0.1:" + port;
    String expectedBasic =
        "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/token",
        ex -> {
          if (!expectedBasic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, new byte[0]);
            return;
          }
          scopes.add(ex.getRequestURI().getRawQuery());
          tokens++;
          send(ex, 200, ("{\"token\":\"T" + tokens + "\"}").getBytes(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/storage/",
        ex -> {
          storageAuthHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          String hex = ex.getRequestURI().getPath().substring("/storage/".length());
          send(ex, 200, source.readBlob(io.sealer.api.Digest.sha256(hex)));
        });
    server.createContext(
        "/v2/",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          String path = ex.getRequestURI().getPath();
          // the first manifest request is rejected once, as if its token had expired
          boolean expire = path.contains("/manifests/") && expireOnce;
          expireOnce &= !expire;
          if (auth == null || !auth.startsWith("Bearer T") || expire) {
            ex.getResponseHeaders()
                .add(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://" + registry + "/token\",service=\"scripted\"");
            send(ex, 401, new byte[0]);
            return;
          }
          if (path.equals("/v2/")) {
            send(ex, 200, new byte[0]);
          } else if (path.equals("/v2/team/app/manifests/v1")) {
            ex.getResponseHeaders().add("Content-Type", manifest.mediaType());
            send(ex, 200, source.readBlob(manifest.digest()));
          } else if (path.startsWith("/v2/team/app/blobs/sha256:")) {
            String hex = path.substring(path.lastIndexOf(':') + 1);
            ex.getResponseHeaders().add("Location", "http://localhost:" + port + "/storage/" + hex);
            send(ex, 307, new byte[0]);
          } else {
            send(ex, 404, new byte[0]);
          }
        });
    server.start();

    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE);
    ImageStore target = ImageStores.openLayout(tmp.resolve("dst"));
    DefaultRegistryClient client =
        new DefaultRegistryClient(target, settings, List.of(), tmp.resolve("none.json"));
    client.login(registry, "bob", "pw", true);

    PullResult result =
        client.pull(
            ImageReference.parse(registry + "/team/app:v1"),
            PullOptions.defaults().withSkipTlsVerify(true).withPlatform(Platform.LINUX_AMD64));

    assertThat(result.manifest().digest()).isEqualTo(manifest.digest());
    assertThat(result.blobsDownloaded()).isEqualTo(3);
    assertThat(scopes).anyMatch(q -> q.contains("scope=repository%3Ateam%2Fapp%3Apull"));
    assertThat(tokens).isGreaterThanOrEqualTo(3); // login, pull, refresh after the 401
    assertThat(storageAuthHeaders).hasSize(3).allMatch(h -> h.equals("null"));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
    if (!head && body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }
}
