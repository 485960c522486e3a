package io.sealer.image.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.image.PlatformNotFoundException;
import io.sealer.api.image.StoredImage;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerWriter;
import io.sealer.image.store.ImageStores;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver against a real store, and its inspect JSON against what Sealer v0.11.0 printed for
 * the same manifest and config blobs (test resources copied from the real binary's output).
 */
class StoreImageResolverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ImageStore store;
  private StoreImageResolver resolver;

  @BeforeEach
  void open() {
    store = ImageStores.open(new SealerSettings(tmp.resolve("root"), tmp, EventListener.NONE));
    resolver = new StoreImageResolver(store);
  }

  @Test
  void inspectPrintsWhatSealerV011PrintsForTheSameBlobs() throws Exception {
    for (String sample : List.of("tiny", "app")) {
      byte[] manifest = resource("sealer-v0.11.0-" + sample + "-manifest.json");
      byte[] config = resource("sealer-v0.11.0-" + sample + "-config.json");
      String expected =
          new String(
              resource("sealer-v0.11.0-" + sample + "-inspect.json"), StandardCharsets.UTF_8);
      String actual = inspectOf("localhost/" + sample + ":v1", manifest, config);
      assertThat(actual).as(sample).isEqualTo(expected.strip());
    }
  }

  @Test
  void inspectAggregatesCniAndCsiLabelsAsSealerDoes() throws Exception {
    byte[] manifest = resource("sealer-v0.11.0-tiny-manifest.json");
    ObjectNode config = (ObjectNode) JSON.readTree(resource("sealer-v0.11.0-tiny-config.json"));
    ObjectNode labels = (ObjectNode) config.path("config").path("Labels");
    labels.put("cluster.alpha.sealer.io/kube-cni-flannel", "true");
    labels.put("cluster.alpha.sealer.io/kube-cni-calico", "true");
    labels.put("cluster.alpha.sealer.io/kube-csi-openebs", "true");
    ((ObjectNode) config.path("history").get(0)).put("created_by", "/bin/sh -c echo a > b && c");
    String text = inspectOf("localhost/tiny:v1", manifest, JSON.writeValueAsBytes(config));
    assertThat(text)
        .as("escaped as Go's encoding/json does")
        .contains("a \\u003e b \\u0026\\u0026 c");
    JsonNode out = JSON.readTree(text);
    JsonNode shown = out.path("imageExtension").path("labels");
    assertThat(shown.path("cluster.alpha.sealer.io/kube-cni").asText())
        .isEqualTo("[\"calico\",\"flannel\"]");
    assertThat(shown.path("cluster.alpha.sealer.io/kube-csi").asText()).isEqualTo("[\"openebs\"]");
    assertThat(shown.has("cluster.alpha.sealer.io/kube-cni-flannel")).isFalse();
    assertThat(shown.path("io.sealer.version").asText()).isEqualTo("v0.11.0");
    List<String> keys = new ArrayList<>();
    out.path("imageExtension").fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("buildClient", "schemaVersion", "type", "labels", "launch");
  }

  private static String inspectOf(String name, byte[] manifest, byte[] config) throws Exception {
    JsonNode manifestJson = JSON.readTree(manifest);
    JsonNode configJson = JSON.readTree(config);
    Descriptor configDescriptor = StoreImageResolver.descriptor(manifestJson.path("config"), name);
    Descriptor top =
        Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256Of(manifest), manifest.length);
    StoredImage image =
        new StoredImage(List.of(ImageReference.parse(name)), top, configDescriptor.digest());
    ResolvedImage resolved =
        StoreImageResolver.variant(image, top, manifestJson, configDescriptor, configJson);
    return InspectJson.render(resolved, manifestJson, configJson);
  }

  @Test
  void aSinglePlatformImageIsRefusedForAnotherPlatformNamingItsOwn() throws Exception {
    Descriptor amd64 = image(Platform.LINUX_AMD64, "a");
    store.setName(ImageReference.parse("localhost/tiny:v1"), amd64);
    assertThat(resolver.resolve("tiny:v1", null).platform()).isEqualTo(Platform.LINUX_AMD64);
    assertThat(resolver.resolve("tiny:v1", Platform.LINUX_AMD64).manifest()).isEqualTo(amd64);
    assertThatThrownBy(() -> resolver.resolve("tiny:v1", Platform.parse("linux/riscv64")))
        .isInstanceOf(PlatformNotFoundException.class)
        .hasMessage("image localhost/tiny:v1 has no linux/riscv64 variant; it has linux/amd64");
  }

  @Test
  void aManifestListResolvesEachPlatformAndNamesThemWhenOneIsMissing() throws Exception {
    Descriptor amd64 = image(Platform.LINUX_AMD64, "a");
    Descriptor arm64 = image(Platform.LINUX_ARM64, "b");
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":["
                + entry(amd64, "amd64")
                + ","
                + entry(arm64, "arm64")
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    Descriptor list = Descriptor.of(MediaTypes.OCI_INDEX, store.putBlob(index), index.length);
    store.setName(ImageReference.parse("localhost/multi:v1"), list);

    ResolvedImage arm = resolver.resolve("multi:v1", Platform.LINUX_ARM64);
    assertThat(arm.manifest().digest()).isEqualTo(arm64.digest());
    assertThat(arm.platform()).isEqualTo(Platform.LINUX_ARM64);
    assertThat(arm.layers()).hasSize(1);
    assertThat(store.hasBlob(arm.layers().get(0).digest())).isTrue();
    assertThat(resolver.resolve("multi:v1", Platform.LINUX_AMD64).id()).isNotEqualTo(arm.id());
    assertThatThrownBy(() -> resolver.resolve("multi:v1", Platform.parse("linux/riscv64")))
        .isInstanceOf(PlatformNotFoundException.class)
        .hasMessage(
            "image localhost/multi:v1 has no linux/riscv64 variant; it has linux/amd64,"
                + " linux/arm64");
    assertThat(resolver.resolveAll(store.require("multi:v1")))
        .extracting(ResolvedImage::platform)
        .containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);

    // what the runtime does: one variant per platform of its hosts, all checked up front
    Map<Platform, ResolvedImage> hosts =
        resolver.resolveEach(
            "multi:v1",
            List.of(
                Platform.fromUname("aarch64"), Platform.fromUname("x86_64"), Platform.LINUX_ARM64));
    assertThat(hosts).containsOnlyKeys(Platform.LINUX_ARM64, Platform.LINUX_AMD64);
    assertThat(hosts.get(Platform.LINUX_ARM64).manifest().digest()).isEqualTo(arm64.digest());
    assertThat(hosts.get(Platform.LINUX_AMD64).manifest().digest()).isEqualTo(amd64.digest());
    assertThatThrownBy(
            () ->
                resolver.resolveEach(
                    "multi:v1", List.of(Platform.LINUX_AMD64, Platform.fromUname("ppc64le"))))
        .isInstanceOf(PlatformNotFoundException.class)
        .hasMessageContaining("has no linux/ppc64le variant");
  }

  private static String entry(Descriptor d, String arch) {
    return "{\"mediaType\":\""
        + d.mediaType()
        + "\",\"digest\":\""
        + d.digest()
        + "\",\"size\":"
        + d.size()
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\""
        + arch
        + "\"}}";
  }

  /** A real one-layer image of a platform; returns its manifest's descriptor. */
  private Descriptor image(Platform platform, String text) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "layer");
    Files.writeString(dir.resolve("f.txt"), text);
    LayerDigests layer;
    try (BlobWriter w = store.newBlob(null)) {
      layer = new LayerWriter().addDirectory(dir).writeTo(w.stream());
      w.commit();
    }
    byte[] config =
        ("{\"architecture\":\""
                + platform.architecture()
                + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layer.diffId()
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + store.putBlob(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP
                + "\",\"digest\":\""
                + layer.digest()
                + "\",\"size\":"
                + layer.size()
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    return Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(manifest), manifest.length);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = StoreImageResolverTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
