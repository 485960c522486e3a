package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs only as root on Linux with overlayfs (skipped elsewhere, saying why). */
class OverlaySnapshotDriverTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsOverlay() {
    assumeTrue(
        OverlaySnapshotDriver.available(tmp),
        "overlay snapshot driver needs root on Linux with overlayfs (userxattr)");
  }

  private static List<String> names(byte[] tgz) throws Exception {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  @Test
  void upperDirBecomesTheLayerWithWhiteoutsAndOpaqueDirs() throws Exception {
    Path base = Files.createDirectories(tmp.resolve("base"));
    Files.createDirectories(base.resolve("etc"));
    Files.writeString(base.resolve("etc/keep.conf"), "keep");
    Files.writeString(base.resolve("etc/remove.conf"), "bye");
    Files.createDirectories(base.resolve("data/sub"));
    Files.writeString(base.resolve("data/old.txt"), "old");
    ByteArrayOutputStream baseOut = new ByteArrayOutputStream();
    LayerDigests baseDigests = new LayerWriter().addDirectory(base).writeTo(baseOut);
    byte[] baseLayer = baseOut.toByteArray();
    // a second layer deleting a file, so the cached lower holds a whiteout too
    ByteArrayOutputStream secondOut = new ByteArrayOutputStream();
    LayerDigests second = new LayerWriter().addWhiteout("etc/keep.conf").writeTo(secondOut);
    byte[] secondLayer = secondOut.toByteArray();

    Path cache = tmp.resolve("cache");
    SnapshotDriver driver = SnapshotDriver.named("auto", cache);
    assertThat(driver.name()).isEqualTo("overlay");
    List<SnapshotDriver.LayerSource> layers =
        List.of(
            SnapshotDriver.LayerSource.of(
                baseDigests.diffId(), () -> new ByteArrayInputStream(baseLayer)),
            SnapshotDriver.LayerSource.of(
                second.diffId(), () -> new ByteArrayInputStream(secondLayer)));
    byte[] diff;
    try (Snapshot snap = driver.prepare(layers, tmp.resolve("work"))) {
      Path rootfs = snap.rootfs();
      assertThat(rootfs.resolve("etc/keep.conf")).doesNotExist();
      assertThat(rootfs.resolve("etc/remove.conf")).hasContent("bye");
      Files.delete(rootfs.resolve("etc/remove.conf"));
      LayerReader.deleteRecursively(rootfs.resolve("data"));
      Files.createDirectories(rootfs.resolve("data"));
      Files.writeString(rootfs.resolve("data/new.txt"), "new");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      snap.diff(out);
      diff = out.toByteArray();
    }
    assertThat(tmp.resolve("work")).doesNotExist();
    assertThat(cache.resolve(baseDigests.diffId().hex())).isDirectory();
    assertThat(names(diff))
        .containsExactlyInAnyOrder(
            "data/", "data/.wh..wh..opq", "data/new.txt", "etc/", "etc/.wh.remove.conf");

    Path check = tmp.resolve("check");
    for (byte[] layer : List.of(baseLayer, secondLayer, diff)) {
      LayerReader.extract(new ByteArrayInputStream(layer), check);
    }
    assertThat(check.resolve("etc/remove.conf")).doesNotExist();
    assertThat(check.resolve("etc/keep.conf")).doesNotExist();
    assertThat(check.resolve("data/old.txt")).doesNotExist();
    assertThat(check.resolve("data/sub")).doesNotExist();
    assertThat(check.resolve("data/new.txt")).hasContent("new");
  }

  @Test
  void cachedLayerWithWrongDiffIdIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path dir = Files.createDirectories(tmp.resolve("d"));
    Files.writeString(dir.resolve("f"), "x");
    new LayerWriter().addDirectory(dir).writeTo(out);
    SnapshotDriver driver = SnapshotDriver.overlay(tmp.resolve("cache"));
    List<SnapshotDriver.LayerSource> layers =
        List.of(
            SnapshotDriver.LayerSource.of(
                Digest.sha256Of("not it"), () -> new ByteArrayInputStream(out.toByteArray())));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> driver.prepare(layers, tmp.resolve("work")))
        .hasMessageContaining("diff id");
    assertThat(tmp.resolve("cache/" + Digest.sha256Of("not it").hex())).doesNotExist();
  }
}
