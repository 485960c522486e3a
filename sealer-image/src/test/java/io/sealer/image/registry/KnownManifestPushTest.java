package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.PushResult;
import io.sealer.image.store.ImageStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted registry that already holds the manifest under the tag: a push asks for the manifest's
 * digest once and sends nothing else when it matches, and pushes everything when the tag holds
 * another digest, largest blob first.
 */
class KnownManifestPushTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void pushOfAManifestTheRegistryHoldsIsOneHead() throws Exception {
    ImageStore store = ImageStores.openLayout(tmp.resolve("store"));
    Descriptor manifest =
        TestImages.image(store, ImageReference.parse("local/x:v1"), 7, 10_000, 2_000);
    String registry = start(manifest.digest().toString());
    ImageReference target = ImageReference.parse(registry + "/team/app:v1");
    store.setName(target, manifest);

    PushResult result = client(store).push(target, new PushOptions(false, true, 6));

    assertThat(result.manifest().digest()).isEqualTo(manifest.digest());
    assertThat(result.blobsUploaded()).isZero();
    assertThat(result.blobsSkipped()).isEqualTo(3); // config and two layers
    assertThat(requests).containsExactly("GET /v2/", "HEAD /v2/team/app/manifests/v1");
  }

  @Test
  void anotherDigestUnderTheTagMeansAFullPush() throws Exception {
    ImageStore store = ImageStores.openLayout(tmp.resolve("store"));
    Descriptor manifest =
        TestImages.image(store, ImageReference.parse("local/x:v1"), 8, 10_000, 2_000);
    String registry = start("sha256:" + "0".repeat(64));
    ImageReference target = ImageReference.parse(registry + "/team/app:v1");
    store.setName(target, manifest);

    PushResult result = client(store).push(target, new PushOptions(false, true, 6));

    assertThat(result.blobsSkipped()).isEqualTo(3);
    assertThat(requests).filteredOn(r -> r.startsWith("HEAD /v2/team/app/blobs/")).hasSize(3);
    assertThat(requests).contains("PUT /v2/team/app/manifests/v1");
  }

  @Test
  void blobsGoLargestFirst() throws Exception {
    ImageStore store = ImageStores.openLayout(tmp.resolve("store"));
    Descriptor manifest =
        TestImages.image(store, ImageReference.parse("local/x:v1"), 9, 2_000, 30_000, 500, 9_000);
    String registry = start("sha256:" + "0".repeat(64));
    ImageReference target = ImageReference.parse(registry + "/team/app:v1");
    store.setName(target, manifest);

    client(store).push(target, new PushOptions(false, true, 1));

    List<Long> sizes = new ArrayList<>();
    for (String r : requests) {
      if (r.startsWith("HEAD /v2/team/app/blobs/sha256:")) {
        String hex = r.substring(r.lastIndexOf(':') + 1);
        sizes.add(Files.size(tmp.resolve("store/blobs/sha256/" + hex)));
      }
    }
    // the layers in the manifest's order are 2,000, 30,000, 500 and 9,000 bytes (and the config)
    assertThat(sizes).hasSize(5).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(sizes.get(0)).isGreaterThanOrEqualTo(30_000);
  }

  /** A registry holding every blob, and {@code digest} under the tag. */
  private String start(String digest) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v2/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          requests.add(ex.getRequestMethod() + " " + path);
          if (path.equals("/v2/team/app/manifests/v1") && ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Docker-Content-Digest", digest);
            send(ex, 200);
          } else if (path.equals("/v2/team/app/manifests/v1")) {
            send(ex, 201);
          } else {
            send(ex, 200); // /v2/ and blob HEADs: everything is there
          }
        });
    server.start();
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private DefaultRegistryClient client(ImageStore store) {
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE);
    return new DefaultRegistryClient(store, settings, List.of(), tmp.resolve("none.json"));
  }

  private static void send(HttpExchange ex, int status) throws IOException {
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }
}
