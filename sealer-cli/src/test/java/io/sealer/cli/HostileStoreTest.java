package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store and the image commands fed hostile content: an unreadable {@code index.json}, configs
 * whose diff_ids lie, oversized manifests, archives with linked layers, names outside Docker's
 * grammar, and mount ids that match everything.
 */
class HostileStoreTest {
  @TempDir Path tmp;
  private String out = "";
  private String err = "";

  private int run(Path root, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        new SealerCli(
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                Map.of("SEALER_ROOT", root.toString()),
                Commands::all)
            .run(args);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private int run(String... args) {
    return run(root(), args);
  }

  private Path root() {
    return tmp.resolve("root");
  }

  private ImageStore store() {
    return Sealer.builder().root(root()).home(tmp).build().images();
  }

  /** Stores an image of one layer whose config lists {@code diffIds} (null: the true one). */
  private Descriptor image(String name, String content, String diffIds) throws Exception {
    ImageStore store = store();
    Path dir = Files.createDirectories(tmp.resolve("ctx-" + content));
    Files.writeString(dir.resolve("f.txt"), content);
    LayerDigests layer;
    try (BlobWriter w = store.newBlob(null)) {
      layer = new LayerWriter().addDirectory(dir).writeTo(w.stream());
      w.commit();
    }
    String ids = diffIds != null ? diffIds : "\"" + layer.diffId() + "\"";
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":["
                + ids
                + "]}}")
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
                + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP
                + "\",\"digest\":\""
                + layer.digest()
                + "\",\"size\":"
                + layer.size()
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    Descriptor manifest = Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(m), m.length);
    store.setName(ImageReference.parse(name), manifest);
    return manifest;
  }

  private long blobCount() throws Exception {
    try (Stream<Path> files = Files.walk(root().resolve("images/blobs"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void anEmptyIndexIsReportedPruneRefusesAndRepairRestoresTheNames() throws Exception {
    Descriptor one = image("localhost/one:v1", "one", null);
    Descriptor two = image("localhost/two:v1", "two", null);
    long blobs = blobCount();
    Files.write(root().resolve("images/index.json"), new byte[0]);

    assertThat(run("images")).isEqualTo(1);
    assertThat(err).contains("index.json: it is empty", "sealer alpha fsck --repair");
    assertThat(run("alpha", "fsck")).isEqualTo(1);
    assertThat(out).contains("index.json: it is empty");
    assertThat(run("prune")).as("prune must not delete what an unreadable index names").isOne();
    assertThat(blobCount()).isEqualTo(blobs);

    assertThat(run("alpha", "fsck", "--repair")).as(err).isZero();
    assertThat(out)
        .contains("restored localhost/one:v1 (" + one.digest() + ") from index.json.prev")
        .contains("recovered localhost/recovered:" + two.digest().hex().substring(0, 12));
    assertThat(run("inspect", "one:v1")).isZero();
    assertThat(run("inspect", "recovered:" + two.digest().hex().substring(0, 12))).isZero();
    assertThat(root().resolve("images/index.json.unreadable")).exists();
    assertThat(run("prune")).isZero();
    assertThat(blobCount()).isEqualTo(blobs);
  }

  @Test
  void corruptIndexAndMissingIndexOfAUsedStoreSayWhatAndWhereWithoutParserText() throws Exception {
    image("localhost/one:v1", "one", null);
    Path index = root().resolve("images/index.json");
    Files.writeString(index, "{\"manifests\": [ {\"digest\": ");
    assertThat(run("images")).isEqualTo(1);
    assertThat(err)
        .contains("could not read the image index " + index + ": it is not valid JSON")
        .contains("it ends early at line 1")
        .doesNotContain("Source:", "REDACTED", "StreamReadFeature");
    assertThat(err.strip().lines()).hasSize(1);
    Files.delete(index);
    assertThat(run("images")).isEqualTo(1);
    assertThat(err).contains("it is missing from a store that has been used");
    assertThat(run("alpha", "fsck", "--repair")).isZero();
    assertThat(run("inspect", "recovered:" + out.split("recovered:")[1].substring(0, 12))).isZero();
  }

  @Test
  void diffIdsThatDoNotMatchTheLayersAreRefused() throws Exception {
    String wrong = "\"" + Digest.sha256Of("not this layer") + "\"";
    image("localhost/lying:v1", "lie", wrong);
    assertThat(run("alpha", "fsck")).isEqualTo(1);
    assertThat(out).contains("has diff id", "but its config says " + wrong.replace("\"", ""));
    assertThat(run("alpha", "mount", "lying:v1")).isEqualTo(1);
    assertThat(err).contains("could not mount lying:v1: layer sha256:");
    assertThat(root().resolve("mounts")).isEmptyDirectory();

    Path archive = tmp.resolve("lying.tar");
    assertThat(run("save", "-o", archive.toString(), "lying:v1")).isZero();
    assertThat(run(tmp.resolve("other"), "load", "-i", archive.toString())).isEqualTo(1);
    assertThat(err).contains("could not load " + archive, "has diff id");
    assertThat(run(tmp.resolve("other"), "images", "-q")).isZero();
    assertThat(out).isBlank();

    assertThatThrownBy(() -> image("localhost/two-ids:v1", "two", wrong + "," + wrong))
        .hasMessageContaining("lists 2 diff_ids for the 1 layers");
  }

  @Test
  void artifactsWhoseConfigIsNotAnImageConfigNeedNoDiffIds() throws Exception {
    ImageStore store = store();
    byte[] config = "{\"name\":\"chart\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "not a tar".getBytes(StandardCharsets.UTF_8);
    byte[] m =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\","
                + "\"digest\":\""
                + store.putBlob(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\",\"digest\":\""
                + store.putBlob(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    store.setName(
        ImageReference.parse("localhost/chart:1"),
        Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(m), m.length));
    assertThat(run("alpha", "fsck")).as(out).isZero();
  }

  @Test
  void loadRefusesADescriptorWhoseSizeIsNotTheBlobs() throws Exception {
    image("localhost/one:v1", "one", null);
    Path saved = tmp.resolve("one.tar");
    assertThat(run("save", "-o", saved.toString(), "one:v1")).isZero();
    Path lying = tmp.resolve("lying.tar");
    try (var in =
            new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                Files.newInputStream(saved));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(lying))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        if (e.getName().equals("index.json")) {
          String text = new String(content, StandardCharsets.UTF_8);
          content =
              text.replaceFirst("\"size\":(\\d+)", "\"size\":1$1").getBytes(StandardCharsets.UTF_8);
        }
        if (e.isFile()) {
          file(tar, e.getName(), content);
        }
      }
    }
    assertThat(run(tmp.resolve("other"), "load", "-i", lying.toString())).isOne();
    assertThat(err).contains("could not load " + lying, "bytes, its descriptor says 1");
  }

  @Test
  void loadRefusesOversizedManifestsDirectoriesAndLinkedDockerLayers() throws Exception {
    Path big = tmp.resolve("big.tar");
    byte[] manifest = new byte[9 << 20];
    java.util.Arrays.fill(manifest, (byte) ' ');
    manifest[0] = '{';
    manifest[manifest.length - 1] = '}';
    Digest digest = Digest.sha256Of(manifest);
    byte[] index =
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + digest
                + "\",\"size\":"
                + manifest.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(big))) {
      file(tar, "index.json", index);
      file(tar, "blobs/sha256/" + digest.hex(), manifest);
    }
    assertThat(run("load", "-i", big.toString())).isEqualTo(1);
    assertThat(err).contains("larger than 8 MiB, the limit for manifests, indexes and configs");

    assertThat(run("load", "-i", tmp.toString())).isEqualTo(1);
    assertThat(err).contains("could not load " + tmp + ": it is a directory");

    Path docker = tmp.resolve("docker.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(docker))) {
      file(
          tar,
          "manifest.json",
          "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l/layer.tar\"]}]"
              .getBytes(StandardCharsets.UTF_8));
      file(tar, "c.json", "{\"rootfs\":{\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8));
      TarArchiveEntry link = new TarArchiveEntry("l/layer.tar", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    assertThat(run("load", "-i", docker.toString())).isEqualTo(1);
    assertThat(err).contains("l/layer.tar, which is a link (to /etc/passwd)");
    assertThat(run("images", "-q")).isZero();
    assertThat(out).isBlank();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content)
      throws Exception {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    OutputStream o = tar;
    o.write(content);
    tar.closeArchiveEntry();
  }

  @Test
  void tagFollowsDockerGrammarAndOnlyTheImagesOwnDigest() throws Exception {
    Descriptor one = image("localhost/one:v1", "one", null);
    assertThat(run("tag", "one:v1", " one:v2")).isEqualTo(2);
    assertThat(err).contains("\" one:v2\" has leading or trailing blanks");
    assertThat(run("tag", "one:v1", "one:v2\t")).isEqualTo(2);
    assertThat(run("tag", "one:v1", "localhost:65536/one:v2")).isEqualTo(1);
    assertThat(err).contains("port 65536 is above 65535");
    String other = "sha256:" + "0".repeat(64);
    assertThat(run("tag", "one:v1", "one@" + other)).isEqualTo(1);
    assertThat(err).contains("its manifest digest is " + one.digest() + ", not " + other);
    assertThat(run("tag", "one:v1", "localhost:65535/one@" + one.digest())).as(err).isZero();
    assertThat(run("images", "--json")).isZero();
    assertThat(out).doesNotContain("one:v2", "65536", other);
  }

  @Test
  void badKubefilesAndArchivePathsSayWhatIsWrongWithWhichFile() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("kctx"));
    Path binary = ctx.resolve("binary");
    Files.write(binary, new byte[] {'F', 'R', 'O', 'M', ' ', (byte) 0xC3, (byte) 0x28, 1, 2});
    assertThat(run("build", "-f", binary.toString(), "-t", "b:1", ctx.toString())).isOne();
    assertThat(err.strip())
        .isEqualTo(
            "sealer: could not read Kubefile "
                + binary
                + ": it is not UTF-8 text (an invalid byte at offset 5, line 1); save it as UTF-8");
    Files.write(binary, new byte[] {'F', 0, 'R'});
    assertThat(run("build", "-f", binary.toString(), "-t", "b:1", ctx.toString())).isOne();
    assertThat(err).contains("it is binary, not text (a NUL byte at offset 1)");

    long start = System.nanoTime();
    assertThat(run("build", "-f", "/dev/zero", "-t", "b:1", ctx.toString())).isOne();
    assertThat(err.strip())
        .isEqualTo(
            "sealer: could not read Kubefile /dev/zero: it is larger than 1024 KiB, more than any"
                + " Kubefile; is it the right file?");
    assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);

    assertThat(run("build", "-f", ctx.toString(), "-t", "b:1", ctx.toString())).isOne();
    assertThat(err).contains("could not read Kubefile " + ctx + ": it is a directory");
    assertThat(run("load", "-i", tmp.resolve("absent.tar").toString())).isOne();
    assertThat(err).contains("absent.tar: no such file");
    assertThat(root().resolve("tmp"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void umountOfAnEmptyIdRemovesNothingAndUmountAllOfNothingIsFine() throws Exception {
    assertThat(run("alpha", "umount", "-a")).isZero();
    assertThat(out).contains("there are no mounts");
    image("localhost/one:v1", "one", null);
    assertThat(run("alpha", "mount", "one:v1")).isZero();
    Path rootfs = Path.of(out.trim().split(" ")[1]);
    assertThat(run("alpha", "umount", "")).isEqualTo(1);
    assertThat(err).contains("a mount id is hex digits");
    assertThat(run("alpha", "umount", "../x")).isEqualTo(1);
    assertThat(rootfs.resolve("f.txt")).hasContent("one");
  }
}
