package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLayoutWriterTest {
  @TempDir Path registry;

  private Path v2() {
    return registry.resolve("docker/registry/v2");
  }

  private String link(String relative) throws IOException {
    return Files.readString(v2().resolve(relative).resolve("link"));
  }

  @Test
  void writesTheDistributionLayout() throws IOException {
    TestImage image = TestImage.make("etc/hello.txt", "hello\n");
    Digest digest =
        new RegistryLayoutWriter(registry)
            .writeImage("library/busybox", "1.36", image.manifest(), image.sources());

    assertThat(digest).isEqualTo(image.manifestDigest());
    for (Digest blob : new Digest[] {image.configDigest(), image.layerDigest(), digest}) {
      Path data = v2().resolve("blobs/sha256/" + blob.hex().substring(0, 2) + "/" + blob.hex());
      assertThat(data.resolve("data")).exists();
      assertThat(Digest.sha256Of(Files.readAllBytes(data.resolve("data")))).isEqualTo(blob);
    }
    String repo = "repositories/library/busybox/";
    assertThat(link(repo + "_layers/sha256/" + image.layerDigest().hex()))
        .isEqualTo(image.layerDigest().toString());
    assertThat(link(repo + "_layers/sha256/" + image.configDigest().hex()))
        .isEqualTo(image.configDigest().toString());
    assertThat(link(repo + "_manifests/revisions/sha256/" + digest.hex()))
        .isEqualTo(digest.toString());
    assertThat(link(repo + "_manifests/tags/1.36/current")).isEqualTo(digest.toString());
    assertThat(link(repo + "_manifests/tags/1.36/index/sha256/" + digest.hex()))
        .isEqualTo(digest.toString());
    try (Stream<Path> all = Files.walk(registry)) {
      assertThat(all.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void repositoryPathExcludesTheRegistryHost() {
    assertThat(RegistryLayoutWriter.repositoryOf(ImageReference.parse("nginx")))
        .isEqualTo("library/nginx");
    assertThat(
            RegistryLayoutWriter.repositoryOf(
                ImageReference.parse("registry.k8s.io/kube-apiserver:v1.22.17")))
        .isEqualTo("kube-apiserver");
  }

  @Test
  void blobsAlreadyStoredAreNotOpenedAgain() throws IOException {
    TestImage image = TestImage.make("a", "a");
    RegistryLayoutWriter writer = new RegistryLayoutWriter(registry);
    writer.writeImage("one", "v1", image.manifest(), image.sources());
    AtomicInteger opened = new AtomicInteger();
    Map<Digest, RegistryLayoutWriter.BlobSource> counting = new HashMap<>();
    image
        .blobs()
        .forEach(
            (d, b) ->
                counting.put(
                    d,
                    () -> {
                      opened.incrementAndGet();
                      return new ByteArrayInputStream(b);
                    }));
    writer.writeImage("two/repo", "v2", image.manifest(), counting);
    assertThat(opened).hasValue(0);
    assertThat(
            Files.readString(
                v2().resolve(
                        "repositories/two/repo/_layers/sha256/"
                            + image.layerDigest().hex()
                            + "/link")))
        .isEqualTo(image.layerDigest().toString());
    // and a blob already stored may be omitted from the map
    writer.writeImage("three", "v3", image.manifest(), Map.of());
  }

  @Test
  void contentNotMatchingItsDigestIsRefusedAndLeavesNothing() throws IOException {
    TestImage image = TestImage.make("a", "a");
    Map<Digest, RegistryLayoutWriter.BlobSource> wrong = new HashMap<>(image.sources());
    wrong.put(image.layerDigest(), () -> new ByteArrayInputStream("tampered".getBytes()));
    assertThatThrownBy(
            () -> new RegistryLayoutWriter(registry).writeImage("x", "v1", image.manifest(), wrong))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("could not store blob " + image.layerDigest());
    Path layerDir =
        v2().resolve(
                "blobs/sha256/"
                    + image.layerDigest().hex().substring(0, 2)
                    + "/"
                    + image.layerDigest().hex());
    try (Stream<Path> files = Files.list(layerDir)) {
      assertThat(files).isEmpty();
    }
    assertThat(v2().resolve("repositories/x/_manifests")).doesNotExist();
  }

  @Test
  void missingBlobIsAnErrorNamingImageAndBlob() throws IOException {
    TestImage image = TestImage.make("a", "a");
    assertThatThrownBy(
            () ->
                new RegistryLayoutWriter(registry)
                    .writeImage("x", "v1", image.manifest(), Map.of()))
        .hasMessageContaining("could not cache image x:v1")
        .hasMessageContaining(image.configDigest().toString());
  }

  @Test
  void refusesBadRepositoryAndTag() throws IOException {
    TestImage image = TestImage.make("a", "a");
    RegistryLayoutWriter writer = new RegistryLayoutWriter(registry);
    assertThatThrownBy(
            () -> writer.writeImage("../escape", "v1", image.manifest(), image.sources()))
        .isInstanceOf(IllegalArgumentException.class);
    Digest d = writer.writeManifest("ok", image.manifest());
    assertThatThrownBy(() -> writer.tag("ok", "../x", d))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexNeedsAtLeastOneOfItsManifestsStored() throws IOException {
    TestImage image = TestImage.make("a", "a");
    RegistryLayoutWriter writer = new RegistryLayoutWriter(registry);
    String index =
        "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\""
            + image.manifestDigest()
            + "\",\"size\":1}]}";
    assertThatThrownBy(
            () -> writer.writeIndex("multi", "v1", index.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("none of the manifests its index names is stored");
    writer.writeImage("multi", "amd64", image.manifest(), image.sources());
    Digest d = writer.writeIndex("multi", "v1", index.getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(v2().resolve("repositories/multi/_manifests/tags/v1/current/link")))
        .isEqualTo(d.toString());
    assertThatThrownBy(
            () ->
                writer.writeImage(
                    "multi", "v2", index.getBytes(StandardCharsets.UTF_8), image.sources()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
