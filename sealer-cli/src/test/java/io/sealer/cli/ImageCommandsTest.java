package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerWriter;
import io.sealer.sdk.Sealer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandsTest {
  @TempDir Path tmp;
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;
  private Descriptor manifest;

  private int run(Path root, String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return new SealerCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("SEALER_ROOT", root.toString()),
            Commands::all)
        .run(args);
  }

  private int run(String... args) {
    return run(tmp.resolve("root"), args);
  }

  @BeforeEach
  void image() throws Exception {
    ImageStore store = Sealer.builder().root(tmp.resolve("root")).home(tmp).build().images();
    Path dir = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(dir.resolve("hello.txt"), "hello");
    LayerDigests layer;
    try (BlobWriter w = store.newBlob(null)) {
      layer = new LayerWriter().addDirectory(dir).writeTo(w.stream());
      w.commit();
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-02T03:04:05Z\","
                + "\"config\":{\"Labels\":{\"io.sealer.version\":\"v0.11.0\","
                + "\"cluster.alpha.sealer.io/kube-cni-flannel\":\"true\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layer.diffId()
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String ext =
        "{\\\"schemaVersion\\\":\\\"v1alpha1\\\",\\\"type\\\":\\\"app-installer\\\","
            + "\\\"applications\\\":[{\\\"name\\\":\\\"app1\\\",\\\"launchfiles\\\":[\\\"a.yaml\\\"]}]}";
    byte[] m =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{"
                + "\"mediaType\":\""
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
                + "}],"
                + "\"annotations\":{\"sealer.image.extension\":\""
                + ext
                + "\","
                + "\"sealer.image.container.images\":\"[{\\\"image\\\":\\\"docker.io/library/nginx:1\\\"}]\"}}")
            .getBytes(StandardCharsets.UTF_8);
    manifest = Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(m), m.length);
    store.setName(ImageReference.parse("localhost/tiny:v1"), manifest);
  }

  @Test
  void inspectPrintsSealerJsonWithDecodedAnnotations() throws Exception {
    assertThat(run("inspect", "tiny:v1")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.get("name").asText()).isEqualTo("localhost/tiny:v1");
    assertThat(json.get("digest").asText()).isEqualTo(manifest.digest().toString());
    assertThat(json.get("id").asText()).hasSize(64);
    assertThat(json.path("manifestv1").has("annotations")).isFalse();
    assertThat(json.path("ociv1").path("config").has("Labels")).isFalse();
    assertThat(json.path("imageExtension").path("labels").path("io.sealer.version").asText())
        .isEqualTo("v0.11.0");
    assertThat(json.path("imageExtension").path("labels").path("cluster.alpha.sealer.io/kube-cni"))
        .as("CNI labels aggregated as Sealer v0.11 shows them")
        .hasToString("\"[\\\"flannel\\\"]\"");
    assertThat(
            json.path("imageExtension")
                .path("labels")
                .has("cluster.alpha.sealer.io/kube-cni-flannel"))
        .isFalse();
    assertThat(
            json.path("imageExtension").path("applications").get(0).path("files").get(0).asText())
        .isEqualTo("a.yaml");
    assertThat(json.path("containerImageList").get(0).path("image").asText())
        .isEqualTo("docker.io/library/nginx:1");
  }

  @Test
  void inspectOfAPlatformTheImageLacksFailsNamingTheOnesItHas() {
    assertThat(run("inspect", "--platform", "linux/riscv64", "tiny:v1")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "sealer: image localhost/tiny:v1 has no linux/riscv64 variant; it has linux/amd64\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(run("inspect", "--platform", "linux/amd64", "tiny:v1")).isZero();
  }

  @Test
  void aBrokenImageIsNamedByInspectAndDoesNotHideTheOthersFromImages() throws Exception {
    ImageStore store = Sealer.builder().root(tmp.resolve("root")).home(tmp).build().images();
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\""
                + Digest.sha256Of("a")
                + "\",\""
                + Digest.sha256Of("b")
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] m =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + store.putBlob(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    // the store refuses to name such an image now, so it is named the way an older sealer or
    // another OCI tool could have left it: an entry written into images/index.json by hand
    Digest broken = store.putBlob(m);
    Path index = tmp.resolve("root/images/index.json");
    String text = Files.readString(index, StandardCharsets.UTF_8);
    int manifests = text.indexOf("\"manifests\"");
    int open = text.indexOf('[', manifests);
    String entry =
        "{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + broken
            + "\",\"size\":"
            + m.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"localhost/broken:v1\"}},";
    Files.writeString(
        index,
        text.substring(0, open + 1) + entry + text.substring(open + 1),
        StandardCharsets.UTF_8);

    assertThat(run("inspect", "broken:v1")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "sealer: could not read image localhost/broken:v1: its config lists 2 diff ids for 0"
                + " layers\n");
    assertThat(run("images")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("localhost/tiny", "localhost/broken");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("warning: could not read image localhost/broken:v1");
  }

  @Test
  void tagImagesRmiAndUnknownNames() {
    assertThat(run("tag", "tiny:v1", "tiny:v2", "example.com/x/tiny:v3")).isZero();
    assertThat(run("images")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "localhost/tiny", "example.com/x/tiny", "v2", "linux/amd64", "2026-01-02 03:04:05");
    assertThat(run("images", "--json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"names\"", manifest.digest().toString());
    assertThat(run("rmi", "tiny:v2", "nope")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("image \"nope\" not found");
    assertThat(run("inspect", "tiny:v2")).as("a failed rmi changes nothing").isZero();
    assertThat(run("rmi", "tiny:v2")).isZero();
    assertThat(run("inspect", "tiny:v2")).isEqualTo(1);
    assertThat(run("images", "-q")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).trim()).hasSize(12);
  }

  @Test
  void saveLoadAndFsck() {
    Path archive = tmp.resolve("tiny.tar");
    assertThat(run("save", "-o", archive.toString(), "tiny:v1")).isZero();
    assertThat(run("save", "-o", tmp.resolve("x.tar").toString(), "--format", "zip", "tiny:v1"))
        .isEqualTo(1);
    Path other = tmp.resolve("other");
    assertThat(run(other, "load", "-i", archive.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Loaded image: localhost/tiny:v1");
    assertThat(run(other, "alpha", "fsck")).isZero();
    assertThat(run(other, "load", "-i", tmp.resolve("absent.tar").toString())).isEqualTo(1);
    assertThat(run(other, "prune")).isZero();
  }

  @Test
  void alphaMountExtractsTheImageAndUmountRemovesIt() {
    assertThat(run("alpha", "mount", "tiny:v1")).isZero();
    String[] line = out.toString(StandardCharsets.UTF_8).trim().split(" ");
    Path rootfs = Path.of(line[1]);
    assertThat(rootfs.resolve("hello.txt")).hasContent("hello");
    assertThat(run("alpha", "mount")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(line[0], "tiny:v1");
    assertThat(run("alpha", "umount", line[0])).isZero();
    assertThat(rootfs).doesNotExist();
    assertThat(run("alpha", "umount", line[0])).isEqualTo(1);
    assertThat(run("alpha", "mount", "tiny:v1")).isZero();
    assertThat(run("alpha", "umount", "-a")).isZero();
    assertThat(run("alpha", "mount")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo("ID   IMAGE   PATH");
  }
}
