package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.ImageReference;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.image.store.ImageStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import land.oras.ContainerRef;
import land.oras.LocalPath;
import land.oras.Manifest;
import land.oras.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** oras-java, an independent OCI client, reads what we push, and we pull what it pushes. */
class OrasInteropIT {
  @TempDir Path tmp;

  private DefaultRegistryClient client(ImageStore store) {
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE);
    return new DefaultRegistryClient(store, settings, List.of(), tmp.resolve("none.json"));
  }

  @Test
  void orasReadsOurImageAndWePullAnOrasArtifact() throws Exception {
    try (RegistryServerFixture server =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false)) {
      Registry oras = Registry.builder().insecure().build();

      ImageStore store = ImageStores.openLayout(tmp.resolve("a"));
      ImageReference ours = ImageReference.parse(server.host() + "/sealer/ours:v1");
      Descriptor manifest = TestImages.image(store, ours, 31, 700_000, 5_000);
      client(store).push(ours, new PushOptions(false, true, 6));

      ContainerRef ref = ContainerRef.parse(ours.toString());
      assertThat(oras.probeDescriptor(ref).getDigest()).isEqualTo(manifest.digest().toString());
      Manifest read = oras.getManifest(ref);
      assertThat(read.getLayers()).hasSize(2);
      for (Descriptor layer : TestImagesSupport.blobs(store, manifest)) {
        // fetchBlob streams to a file (getBlob of 0.2.15 reads binary content as text)
        Path fetched = tmp.resolve("fetched-" + layer.digest().hex());
        oras.fetchBlob(ref.withDigest(layer.digest().toString()), fetched);
        assertThat(Files.readAllBytes(fetched)).isEqualTo(store.readBlob(layer.digest()));
      }

      Path file = tmp.resolve("notes.txt");
      Files.writeString(file, "pushed by oras-java\n");
      ContainerRef artifact = ContainerRef.parse(server.host() + "/oras/notes:v1");
      oras.pushArtifact(artifact, LocalPath.of(file));
      String orasDigest = oras.probeDescriptor(artifact).getDigest();

      ImageStore target = ImageStores.openLayout(tmp.resolve("b"));
      ImageReference theirs = ImageReference.parse(artifact.toString());
      PullResult pulled =
          client(target).pull(theirs, PullOptions.defaults().withSkipTlsVerify(true));
      assertThat(pulled.manifest().digest().toString()).isEqualTo(orasDigest);
      assertThat(TestImagesSupport.blobs(target, pulled.manifest()))
          .anySatisfy(
              d ->
                  assertThat(new String(target.readBlob(d.digest())))
                      .isEqualTo("pushed by oras-java\n"));
    }
  }
}
