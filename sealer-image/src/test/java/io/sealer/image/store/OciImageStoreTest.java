package io.sealer.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.FsckReport;
import io.sealer.api.image.ImageNotFoundException;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.image.PruneReport;
import io.sealer.api.image.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageStoreTest {
  @TempDir Path tmp;
  OciImageStore store;

  @BeforeEach
  void open() {
    store = new OciImageStore(new SealerSettings(tmp.resolve("root"), tmp, EventListener.NONE));
  }

  private static ImageReference ref(String s) {
    return ImageReference.parse(s);
  }

  @Test
  void namesPointAtManifestsAndListGroupsThem() throws Exception {
    Descriptor m = TestImages.put(store, tmp, "one");
    store.setName(ref("localhost/tiny:v1"), m);
    store.setName(ref("registry.example.com/x/tiny:v1"), m);
    assertThat(store.list()).hasSize(1);
    StoredImage image = store.list().get(0);
    assertThat(image.names())
        .extracting(Object::toString)
        .containsExactly("localhost/tiny:v1", "registry.example.com/x/tiny:v1");
    assertThat(image.manifest().digest()).isEqualTo(m.digest());
    // the id is the config digest, as Sealer shows it
    String manifest = new String(store.readBlob(m.digest()));
    assertThat(manifest).contains(image.id().toString());
    assertThat(image.id()).isNotEqualTo(m.digest());
    // the layout is a plain OCI layout
    assertThat(tmp.resolve("root/images/oci-layout")).exists();
    assertThat(Files.readString(tmp.resolve("root/images/index.json")))
        .contains("\"org.opencontainers.image.ref.name\" : \"localhost/tiny:v1\"");
  }

  @Test
  void shortNamesFindLocalhostOrDockerHubImages() throws Exception {
    Descriptor local = TestImages.put(store, tmp, "local");
    Descriptor hub = TestImages.put(store, tmp, "hub");
    store.setName(ref("localhost/tiny:v1"), local);
    store.setName(ref("nginx"), hub);
    assertThat(store.require("tiny:v1").manifest()).isEqualTo(local);
    assertThat(store.require("nginx").manifest()).isEqualTo(hub);
    assertThat(store.require("docker.io/library/nginx:latest").manifest()).isEqualTo(hub);
    assertThat(store.find("localhost/nginx")).isEmpty();
    store.setName(ref("localhost/nginx:latest"), local);
    assertThatThrownBy(() -> store.find("nginx"))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("docker.io/library/nginx:latest or localhost/nginx:latest");
    assertThat(store.require("localhost/nginx").manifest()).isEqualTo(local);
  }

  @Test
  void findsByIdPrefixOrManifestDigest() throws Exception {
    Descriptor m = TestImages.put(store, tmp, "id");
    store.setName(ref("localhost/a:1"), m);
    StoredImage image = store.require("a:1");
    assertThat(store.require(image.id().hex().substring(0, 12))).isEqualTo(image);
    assertThat(store.require(image.id().toString())).isEqualTo(image);
    assertThat(store.require(m.digest().hex())).isEqualTo(image);
    assertThatThrownBy(() -> store.require("ffffffffffff"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("ffffffffffff");
  }

  @Test
  void setNameRefusesIncompleteContent() throws Exception {
    byte[] manifest =
        ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + Digest.sha256Of("absent")
                + "\",\"size\":6},\"layers\":[]}")
            .getBytes();
    Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(manifest), manifest.length);
    assertThatThrownBy(() -> store.setName(ref("localhost/broken:1"), d))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("is missing");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void removeNameThenPruneDeletesOnlyUnreferencedBlobs() throws Exception {
    Descriptor keep = TestImages.put(store, tmp, "keep");
    Descriptor drop = TestImages.put(store, tmp, "drop");
    store.setName(ref("localhost/keep:1"), keep);
    store.setName(ref("localhost/drop:1"), drop);
    assertThat(store.removeName(ref("localhost/drop:1"))).isTrue();
    assertThat(store.removeName(ref("localhost/drop:1"))).isFalse();
    PruneReport report = store.prune();
    assertThat(report.removedBlobs()).hasSize(3).contains(drop.digest());
    assertThat(report.freedBytes()).isPositive();
    assertThat(store.hasBlob(drop.digest())).isFalse();
    assertThat(store.hasBlob(keep.digest())).isTrue();
    assertThat(store.fsck().ok()).isTrue();
    assertThat(store.require("keep:1").manifest()).isEqualTo(keep);
  }

  @Test
  void pruneKeepsContentThisProcessHasNotNamedYet() throws Exception {
    Descriptor m = TestImages.put(store, tmp, "in-progress");
    store.prune();
    assertThat(store.hasBlob(m.digest())).isTrue();
    store.setName(ref("localhost/done:1"), m);
    store.removeName(ref("localhost/done:1"));
    store.prune();
    assertThat(store.hasBlob(m.digest())).isFalse();
  }

  @Test
  void fsckReportsCorruptAndMissingBlobs() throws Exception {
    Descriptor m = TestImages.put(store, tmp, "fsck");
    store.setName(ref("localhost/f:1"), m);
    FsckReport clean = store.fsck();
    assertThat(clean.ok()).isTrue();
    assertThat(clean.checkedBlobs()).isEqualTo(3);
    String manifest = new String(store.readBlob(m.digest()));
    Digest layer =
        Digest.parse(
            manifest.replaceAll(".*\"layers\":\\[\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1"));
    Files.writeString(tmp.resolve("root/images/blobs/sha256/" + layer.hex()), "bad");
    FsckReport bad = store.fsck();
    assertThat(bad.ok()).isFalse();
    assertThat(bad.problems()).anyMatch(p -> p.startsWith("localhost/f:1: blob " + layer));
    Files.delete(tmp.resolve("root/images/blobs/sha256/" + layer.hex()));
    assertThat(store.fsck().problems())
        .anyMatch(p -> p.contains(layer + " (") && p.contains("missing"));
  }

  @Test
  void secondStoreInstanceSeesNamesOfTheFirst() throws Exception {
    Descriptor m = TestImages.put(store, tmp, "shared");
    store.setName(ref("localhost/s:1"), m);
    OciImageStore other =
        new OciImageStore(new SealerSettings(tmp.resolve("root"), tmp, EventListener.NONE));
    assertThat(other.require("s:1").manifest()).isEqualTo(m);
  }

  @Test
  void concurrentNamingFromTwoInstancesLosesNoName() throws Exception {
    Descriptor m = TestImages.put(store, tmp, "concurrent");
    store.setName(ref("localhost/base:1"), m);
    OciImageStore other =
        new OciImageStore(new SealerSettings(tmp.resolve("root"), tmp, EventListener.NONE));
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int t = 0; t < 4; t++) {
      OciImageStore s = t % 2 == 0 ? store : other;
      int n = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 10; i++) {
                    s.setName(ref("localhost/c" + n + ":" + i), m);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(store.list().get(0).names()).hasSize(41);
  }
}
