package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullPolicy;
import io.sealer.image.store.ImageStores;
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
 * A pull fetches the blobs it lacks largest first, whatever their order in the manifest: the
 * longest transfer starts at once rather than running alone after the others have ended.
 */
class PullOrderTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> blobRequests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void blobsComeLargestFirst() throws Exception {
    Path source = tmp.resolve("source");
    ImageStore sourceStore = ImageStores.openLayout(source);
    Descriptor manifest =
        TestImages.manifest(sourceStore, Platform.LINUX_AMD64, 11, 2_000, 30_000, 500, 9_000);
    byte[] manifestBytes =
        Files.readAllBytes(source.resolve("blobs/sha256/" + manifest.digest().hex()));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v2/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          if (path.equals("/v2/team/app/manifests/v1")) {
            ex.getResponseHeaders().add("Content-Type", manifest.mediaType());
            ex.getResponseHeaders().add("Docker-Content-Digest", manifest.digest().toString());
            ex.sendResponseHeaders(200, manifestBytes.length);
            ex.getResponseBody().write(manifestBytes);
          } else if (path.startsWith("/v2/team/app/blobs/sha256:")) {
            String hex = path.substring(path.lastIndexOf(':') + 1);
            byte[] blob = Files.readAllBytes(source.resolve("blobs/sha256/" + hex));
            blobRequests.add(hex);
            ex.sendResponseHeaders(200, blob.length);
            ex.getResponseBody().write(blob);
          } else {
            ex.sendResponseHeaders(200, -1);
          }
          ex.close();
        });
    server.start();
    ImageReference image =
        ImageReference.parse("127.0.0.1:" + server.getAddress().getPort() + "/team/app:v1");
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE);
    ImageStore target = ImageStores.openLayout(tmp.resolve("target"));
    new DefaultRegistryClient(target, settings, List.of(), tmp.resolve("none.json"))
        .pull(image, new PullOptions(Platform.LINUX_AMD64, PullPolicy.ALWAYS, true, 1));

    List<Long> sizes = new ArrayList<>();
    for (String hex : blobRequests) {
      sizes.add(Files.size(source.resolve("blobs/sha256/" + hex)));
    }
    // the manifest lists layers of 2,000, 30,000, 500 and 9,000 bytes, and its config
    assertThat(sizes).hasSize(5).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(sizes.get(0)).isGreaterThanOrEqualTo(30_000);
    assertThat(target.find(image.toString())).isPresent();
  }
}
