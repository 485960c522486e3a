package io.sealer.image.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.ArchiveFormat;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.image.store.ImageStores;
import io.sealer.image.store.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives we write are read by skopeo with digests unchanged, and we read skopeo's. */
class SkopeoInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @BeforeAll
  static void skopeoIsInstalled() throws Exception {
    assertThat(run("skopeo", "--version"))
        .as("skopeo must be on PATH (Debian package 'skopeo')")
        .contains("skopeo version");
  }

  static String run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      throw new AssertionError(command[0] + " is not installed or not on PATH", e);
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  private ImageStore store(String name) {
    return ImageStores.open(new SealerSettings(tmp.resolve(name), tmp, EventListener.NONE));
  }

  @Test
  void skopeoReadsAndCopiesOurOciArchiveWithSameDigest() throws Exception {
    ImageStore store = store("a");
    Descriptor m = TestImages.put(store, tmp, "for skopeo");
    store.setName(ImageReference.parse("localhost/tiny:v1"), m);
    Path archive = tmp.resolve("tiny.tar");
    new DefaultImageArchives(store, EventListener.NONE)
        .save("tiny:v1", archive, ArchiveFormat.OCI_ARCHIVE);
    String inspect = run("skopeo", "inspect", "oci-archive:" + archive);
    assertThat(JSON.readTree(inspect).path("Digest").asText()).isEqualTo(m.digest().toString());
    run("skopeo", "copy", "oci-archive:" + archive, "oci:" + tmp.resolve("copy") + ":x");
    String index = Files.readString(tmp.resolve("copy/index.json"));
    assertThat(JSON.readTree(index).path("manifests").get(0).path("digest").asText())
        .isEqualTo(m.digest().toString());
    // the store itself is an OCI layout skopeo reads by full name
    String fromStore =
        run("skopeo", "inspect", "--raw", "oci:" + tmp.resolve("a/images") + ":localhost/tiny:v1");
    assertThat(fromStore.trim()).isEqualTo(new String(store.readBlob(m.digest())).trim());
  }

  @Test
  void weLoadArchivesSkopeoWrote() throws Exception {
    ImageStore store = store("src");
    Descriptor m = TestImages.put(store, tmp, "from skopeo");
    store.setName(ImageReference.parse("localhost/src:v1"), m);
    Path layout = tmp.resolve("src/images");
    Path oci = tmp.resolve("skopeo-oci.tar");
    Path docker = tmp.resolve("skopeo-docker.tar");
    run(
        "skopeo",
        "copy",
        "oci:" + layout + ":localhost/src:v1",
        "oci-archive:" + oci + ":localhost/app:v2");
    run(
        "skopeo",
        "copy",
        "oci:" + layout + ":localhost/src:v1",
        "docker-archive:" + docker + ":example.com/app:v3");
    ImageStore target = store("dst");
    DefaultImageArchives archives = new DefaultImageArchives(target, EventListener.NONE);
    StoredImage fromOci = archives.load(oci).get(0);
    assertThat(fromOci.manifest().digest()).isEqualTo(m.digest());
    assertThat(fromOci.names()).extracting(Object::toString).containsExactly("localhost/app:v2");
    StoredImage fromDocker = archives.load(docker).get(0);
    assertThat(fromDocker.id()).isEqualTo(store.require("src:v1").id());
    assertThat(fromDocker.names())
        .extracting(Object::toString)
        .containsExactly("example.com/app:v3");
    List<String> problems = new ArrayList<>(ImageStores.maintenance(target).fsck().problems());
    assertThat(problems).isEmpty();
  }
}
