package io.sealer.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.ArchiveFormat;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.image.StoredImage;
import io.sealer.image.store.ImageStores;
import io.sealer.image.store.TestImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  ImageStore source;
  ImageStore target;

  @BeforeEach
  void stores() {
    source = ImageStores.open(new SealerSettings(tmp.resolve("a"), tmp, EventListener.NONE));
    target = ImageStores.open(new SealerSettings(tmp.resolve("b"), tmp, EventListener.NONE));
  }

  private DefaultImageArchives archives(ImageStore store) {
    return new DefaultImageArchives(store, EventListener.NONE);
  }

  private static List<String> entries(Path tar) throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tar);
        TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = t.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  @Test
  void ociArchiveRoundTripKeepsDigestIdAndName() throws Exception {
    Descriptor m = TestImages.put(source, tmp, "oci");
    source.setName(ImageReference.parse("localhost/tiny:v1"), m);
    Path file = tmp.resolve("tiny.tar");
    archives(source).save("tiny:v1", file, ArchiveFormat.OCI_ARCHIVE);
    assertThat(entries(file))
        .contains("oci-layout", "index.json", "blobs/sha256/" + m.digest().hex());
    List<StoredImage> loaded = archives(target).load(file);
    assertThat(loaded).hasSize(1);
    assertThat(loaded.get(0).manifest().digest()).isEqualTo(m.digest());
    assertThat(loaded.get(0).id()).isEqualTo(source.require("tiny:v1").id());
    assertThat(loaded.get(0).names())
        .extracting(Object::toString)
        .containsExactly("localhost/tiny:v1");
    // saving twice gives the same bytes
    Path again = tmp.resolve("again.tar");
    archives(target).save("localhost/tiny:v1", again, ArchiveFormat.OCI_ARCHIVE);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void loadReportsOnlyTheNamesInTheArchive() throws Exception {
    Descriptor m = TestImages.put(source, tmp, "oci");
    source.setName(ImageReference.parse("localhost/tiny:v1"), m);
    Path file = tmp.resolve("tiny.tar");
    archives(source).save("tiny:v1", file, ArchiveFormat.OCI_ARCHIVE);
    // the target already knows the same manifest under another name
    archives(target).load(file);
    target.setName(ImageReference.parse("localhost/other:v9"), m);
    StoredImage again = archives(target).load(file).get(0);
    assertThat(again.names()).extracting(Object::toString).containsExactly("localhost/tiny:v1");
    assertThat(target.require("other:v9").manifest().digest()).isEqualTo(m.digest());
  }

  @Test
  void dockerArchiveKeepsImageIdAndUsesSealerLayout() throws Exception {
    Descriptor m = TestImages.put(source, tmp, "docker");
    source.setName(ImageReference.parse("localhost/tiny:v1"), m);
    Digest id = source.require("tiny:v1").id();
    Path file = tmp.resolve("d.tar");
    archives(source).save("tiny:v1", file, ArchiveFormat.DOCKER_ARCHIVE);
    assertThat(entries(file)).contains("manifest.json", id.hex() + ".json");
    StoredImage loaded = archives(target).load(file).get(0);
    assertThat(loaded.id()).isEqualTo(id);
    assertThat(loaded.names()).extracting(Object::toString).containsExactly("localhost/tiny:v1");
    JsonNode manifest = JSON.readTree(target.readBlob(loaded.manifest().digest()));
    assertThat(manifest.path("layers").get(0).path("mediaType").asText())
        .isEqualTo(MediaTypes.OCI_LAYER_TAR);
  }

  @Test
  void manifestListIsSavedAsSealerNestedArchiveAndLoadedBack() throws Exception {
    Descriptor amd = TestImages.put(source, tmp, "amd64");
    Descriptor arm = TestImages.put(source, tmp, "arm64");
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + entry(amd, "amd64")
            + ","
            + entry(arm, "arm64")
            + "]}";
    byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
    Descriptor list = Descriptor.of(MediaTypes.OCI_INDEX, source.putBlob(bytes), bytes.length);
    source.setName(ImageReference.parse("localhost/multi:v1"), list);
    Path file = tmp.resolve("multi.tar");
    archives(source).save("multi:v1", file, ArchiveFormat.OCI_ARCHIVE);
    Digest amdId =
        Digest.parse(
            JSON.readTree(source.readBlob(amd.digest())).path("config").path("digest").asText());
    assertThat(entries(file)).contains("Metadata", amdId.hex() + ".tar");
    StoredImage loaded = archives(target).load(file).get(0);
    assertThat(loaded.isIndex()).isTrue();
    assertThat(loaded.names()).extracting(Object::toString).containsExactly("localhost/multi:v1");
    JsonNode manifests =
        JSON.readTree(target.readBlob(loaded.manifest().digest())).path("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(manifests.get(0).path("digest").asText()).isEqualTo(amd.digest().toString());
    assertThat(manifests.get(1).path("digest").asText()).isEqualTo(arm.digest().toString());
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

  @Test
  void badArchivesFailWithOneLineAndNoNameIsAdded() throws Exception {
    Descriptor m = TestImages.put(source, tmp, "bad");
    source.setName(ImageReference.parse("localhost/tiny:v1"), m);
    Path good = tmp.resolve("good.tar");
    archives(source).save("tiny:v1", good, ArchiveFormat.OCI_ARCHIVE);
    byte[] bytes = Files.readAllBytes(good);
    Path empty = Files.write(tmp.resolve("empty.tar"), new byte[0]);
    Path truncated = Files.write(tmp.resolve("trunc.tar"), Arrays.copyOf(bytes, bytes.length / 2));
    Path foreign = Files.writeString(tmp.resolve("foreign.tar"), "just some text\n".repeat(100));
    for (Path bad : List.of(empty, truncated, foreign, tmp.resolve("absent.tar"))) {
      assertThatThrownBy(() -> archives(target).load(bad))
          .isInstanceOf(SealerException.class)
          .hasMessageStartingWith("could not load " + bad)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(target.list()).isEmpty();
  }

  @Test
  void unknownImageCannotBeSaved() {
    assertThatThrownBy(
            () -> archives(source).save("nope", tmp.resolve("x.tar"), ArchiveFormat.OCI_ARCHIVE))
        .hasMessageContaining("nope");
    assertThat(tmp.resolve("x.tar")).doesNotExist();
  }

  @Test
  void bareTagRefNameIsPlacedUnderArchiveName() {
    ArchiveLoader loader = new ArchiveLoader(target, "my-app");
    assertThat(loader.nameFor("v1").toString()).isEqualTo("localhost/my-app:v1");
    assertThat(loader.nameFor("").toString()).isEqualTo("localhost/my-app:latest");
    assertThat(loader.nameFor("nginx:1.25").toString()).isEqualTo("docker.io/library/nginx:1.25");
    assertThat(loader.nameFor("localhost/tiny:v1").toString()).isEqualTo("localhost/tiny:v1");
    assertThat(DefaultImageArchives.repositoryFor(Path.of("/x/My_App.tar.gz"))).isEqualTo("my-app");
  }

  @Test
  void saveAndLoadReportProgressThatEndsComplete() throws Exception {
    Descriptor m = TestImages.put(source, tmp, "progress");
    source.setName(ImageReference.parse("localhost/p:1"), m);
    List<io.sealer.api.event.ProgressEvent> events =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    EventListener listener =
        e -> {
          if (e instanceof io.sealer.api.event.ProgressEvent p) {
            events.add(p);
          }
        };
    Path file = tmp.resolve("p.tar");
    new DefaultImageArchives(source, listener).save("p:1", file, ArchiveFormat.OCI_ARCHIVE);
    new DefaultImageArchives(target, listener).load(file);
    for (String op : List.of("save", "load")) {
      List<io.sealer.api.event.ProgressEvent> mine =
          events.stream().filter(e -> e.operation().equals(op)).toList();
      assertThat(mine).isNotEmpty();
      io.sealer.api.event.ProgressEvent last = mine.get(mine.size() - 1);
      assertThat(last.finished()).isTrue();
      assertThat(last.done()).isEqualTo(last.total()).isPositive();
      for (int i = 1; i < mine.size(); i++) {
        assertThat(mine.get(i).done()).isGreaterThanOrEqualTo(mine.get(i - 1).done());
      }
    }
  }

  /** The layout of Sealer v0.11's oci-archive (samples/sealer-v0.11.0-tiny-oci-archive-*.json). */
  @Test
  void loadsAnArchiveShapedLikeSealerV011() throws Exception {
    Descriptor m = TestImages.put(source, tmp, "sealer");
    Path file = tmp.resolve("sealer-v0.11.tar");
    try (var out = Files.newOutputStream(file);
        var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
      tar.setLongFileMode(
          org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
      JsonNode manifest = JSON.readTree(source.readBlob(m.digest()));
      List<Digest> blobs = new ArrayList<>();
      blobs.add(m.digest());
      blobs.add(Digest.parse(manifest.path("config").path("digest").asText()));
      for (JsonNode l : manifest.path("layers")) {
        blobs.add(Digest.parse(l.path("digest").asText()));
      }
      for (Digest d : blobs) {
        Tars.file(tar, "blobs/sha256/" + d.hex(), source.readBlob(d));
      }
      Tars.file(
          tar,
          "oci-layout",
          "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      String index =
          "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"digest\":\""
              + m.digest()
              + "\",\"size\":"
              + m.size()
              + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"localhost/tiny:v1\"}}]}";
      Tars.file(tar, "index.json", index.getBytes(StandardCharsets.UTF_8));
      tar.finish();
    }
    StoredImage loaded = archives(target).load(file).get(0);
    assertThat(loaded.names()).extracting(Object::toString).containsExactly("localhost/tiny:v1");
    assertThat(loaded.manifest().digest()).isEqualTo(m.digest());
    assertThat(ImageStores.maintenance(target).fsck().ok()).isTrue();
  }
}
