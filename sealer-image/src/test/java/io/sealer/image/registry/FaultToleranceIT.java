package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.ProgressEvent;
import io.sealer.api.event.SealerEvent;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.PushResult;
import io.sealer.image.registry.FaultProxyFixture.Kind;
import io.sealer.image.store.ImageStores;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull through a proxy that cuts connections in the middle of blobs and answers 5xx. */
class FaultToleranceIT {
  private static final int BIG = 4_000_000;

  @TempDir Path tmp;
  private final List<SealerEvent> events = new CopyOnWriteArrayList<>();

  private DefaultRegistryClient client(ImageStore store) {
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), events::add);
    return new DefaultRegistryClient(store, settings, List.of(), tmp.resolve("none.json"));
  }

  @Test
  void pushRestartsOnlyTheCutBlobAndSurvivesServerErrors() throws Exception {
    try (RegistryServerFixture registry =
            RegistryServerFixture.start(tmp.resolve("reg"), false, false);
        FaultProxyFixture proxy = new FaultProxyFixture(registry.port())) {
      ImageStore source = ImageStores.openLayout(tmp.resolve("a"));
      ImageReference ref = ImageReference.parse(proxy.host() + "/sealer/faulty:v1");
      Descriptor manifest = TestImages.image(source, ref, 5, BIG, BIG, 50_000);
      proxy
          .add("PATCH", "/blobs/uploads/", Kind.CUT_REQUEST, 1_500_000, 1)
          .add("HEAD", "/blobs/", Kind.STATUS, 503, 2)
          .add("POST", "/blobs/uploads/", Kind.STATUS, 500, 1)
          .add("PUT", "/manifests/", Kind.STATUS, 502, 1);

      PushResult result = client(source).push(ref, new PushOptions(false, true, 3));

      assertThat(proxy.injected()).isEqualTo(5);
      assertThat(result.manifest().digest()).isEqualTo(manifest.digest());
      assertThat(result.blobsUploaded()).isEqualTo(4);
      assertThat(result.bytesResent()).isPositive().isLessThanOrEqualTo(BIG + 100_000);
      long total = source.blobSize(manifest.digest()) * 0;
      for (Descriptor d : TestImagesSupport.blobs(source, manifest)) {
        total += d.size();
      }
      assertThat(result.bytesUploaded())
          .isGreaterThanOrEqualTo(total + result.bytesResent() - 200_000);
      assertProgressNeverGoesBack();

      // what the registry holds is intact: a clean pull straight from it has the same digests
      ImageStore target = ImageStores.openLayout(tmp.resolve("b"));
      ImageReference direct = ImageReference.parse(registry.host() + "/sealer/faulty:v1");
      PullResult pulled =
          client(target)
              .pull(
                  direct,
                  PullOptions.defaults()
                      .withSkipTlsVerify(true)
                      .withPlatform(Platform.LINUX_AMD64));
      assertThat(pulled.manifest().digest()).isEqualTo(manifest.digest());
    }
  }

  @Test
  void pullResumesCutBlobsWithRange() throws Exception {
    try (RegistryServerFixture registry =
            RegistryServerFixture.start(tmp.resolve("reg"), false, false);
        FaultProxyFixture proxy = new FaultProxyFixture(registry.port())) {
      ImageStore source = ImageStores.openLayout(tmp.resolve("a"));
      ImageReference direct = ImageReference.parse(registry.host() + "/sealer/resume:v1");
      Descriptor manifest = TestImages.image(source, direct, 6, BIG, BIG);
      client(source).push(direct, new PushOptions(false, true, 6));

      proxy
          .add("GET", "/blobs/sha256:", Kind.CUT_RESPONSE, 1_000_000, 2)
          .add("GET", "/blobs/sha256:", Kind.STATUS, 503, 1)
          .add("GET", "/manifests/", Kind.STATUS, 500, 1);
      ImageStore target = ImageStores.openLayout(tmp.resolve("b"));
      ImageReference viaProxy = ImageReference.parse(proxy.host() + "/sealer/resume:v1");
      events.clear();
      PullResult pulled =
          client(target)
              .pull(
                  viaProxy,
                  PullOptions.defaults()
                      .withSkipTlsVerify(true)
                      .withPlatform(Platform.LINUX_AMD64));

      assertThat(proxy.injected()).isEqualTo(4);
      assertThat(pulled.manifest().digest()).isEqualTo(manifest.digest());
      assertThat(pulled.blobsDownloaded()).isEqualTo(3);
      // resumed with Range: nothing was received twice
      assertThat(pulled.bytesResent()).isZero();
      long total = 0;
      for (Descriptor d : TestImagesSupport.blobs(source, manifest)) {
        total += d.size();
        assertThat(target.readBlob(d.digest())).isEqualTo(source.readBlob(d.digest()));
      }
      assertThat(pulled.bytesDownloaded()).isEqualTo(total);
      assertProgressNeverGoesBack();
    }
  }

  private void assertProgressNeverGoesBack() {
    long last = -1;
    for (SealerEvent e : events) {
      if (e instanceof ProgressEvent p) {
        assertThat(p.done()).isGreaterThanOrEqualTo(last);
        last = p.done();
      }
    }
    assertThat(last).isPositive();
  }
}
