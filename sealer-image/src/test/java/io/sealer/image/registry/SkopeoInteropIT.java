package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.image.store.ImageStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What we push skopeo reads with the same digests; what skopeo pushes we pull unchanged. */
class SkopeoInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private DefaultRegistryClient client(ImageStore store) {
    SealerSettings settings =
        new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE);
    return new DefaultRegistryClient(store, settings, List.of(), tmp.resolve("none.json"));
  }

  private static String skopeo(Path dir, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = Tools.require("skopeo", "skopeo");
    System.arraycopy(args, 0, command, 1, args.length);
    return RegistryServerFixture.run(dir, command);
  }

  @Test
  void skopeoReadsAndCopiesWhatWePush() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false)) {
      ImageStore store = ImageStores.openLayout(tmp.resolve("a"));
      ImageReference ref = ImageReference.parse(registry.host() + "/sealer/ours:v1");
      Descriptor manifest = TestImages.image(store, ref, 11, 2_000_000, 30_000);
      client(store).push(ref, new PushOptions(false, true, 6));

      String raw = skopeo(tmp, "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
      assertThat(Digest.sha256Of(raw.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(manifest.digest());
      JsonNode inspect =
          JSON.readTree(skopeo(tmp, "inspect", "--tls-verify=false", "docker://" + ref));
      assertThat(inspect.path("Digest").asText()).isEqualTo(manifest.digest().toString());

      // skopeo copy verifies every blob digest on the way
      skopeo(
          tmp,
          "copy",
          "--src-tls-verify=false",
          "docker://" + ref,
          "oci:" + tmp.resolve("oci") + ":v1");
      JsonNode index = JSON.readTree(tmp.resolve("oci/index.json").toFile());
      assertThat(index.path("manifests").get(0).path("digest").asText())
          .isEqualTo(manifest.digest().toString());
    }
  }

  @Test
  void wePullWhatSkopeoPushesInBothManifestFormats() throws Exception {
    try (RegistryServerFixture registry =
        RegistryServerFixture.start(tmp.resolve("reg"), false, false)) {
      ImageStore source = ImageStores.openLayout(tmp.resolve("a"));
      Descriptor manifest =
          TestImages.image(source, ImageReference.parse("local/x:v1"), 12, 1_500_000, 40_000);
      Path layout = OciLayoutFixture.write(source, manifest, tmp.resolve("layout"), "v1");

      ImageReference oci = ImageReference.parse(registry.host() + "/skopeo/oci:v1");
      skopeo(tmp, "copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", "docker://" + oci);
      ImageReference docker = ImageReference.parse(registry.host() + "/skopeo/docker:v1");
      skopeo(
          tmp,
          "copy",
          "--format",
          "v2s2",
          "--dest-tls-verify=false",
          "oci:" + layout + ":v1",
          "docker://" + docker);

      for (ImageReference ref : List.of(oci, docker)) {
        String raw = skopeo(tmp, "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
        Digest expected = Digest.sha256Of(raw.getBytes(StandardCharsets.UTF_8));
        ImageStore target =
            ImageStores.openLayout(tmp.resolve("t-" + ref.repository().replace('/', '-')));
        PullResult pulled =
            client(target)
                .pull(
                    ref,
                    PullOptions.defaults()
                        .withSkipTlsVerify(true)
                        .withPlatform(Platform.LINUX_AMD64));
        assertThat(pulled.manifest().digest()).isEqualTo(expected);
        assertThat(target.readBlob(expected)).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(pulled.manifest().mediaType())
            .isEqualTo(ref == oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST);
      }
    }
  }

  static String read(Path file) throws Exception {
    return Files.readString(file);
  }
}
