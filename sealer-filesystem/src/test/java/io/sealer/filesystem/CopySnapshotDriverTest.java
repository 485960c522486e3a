package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySnapshotDriverTest {
  @TempDir Path tmp;

  private static byte[] layer(Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter().addDirectory(dir).writeTo(out);
    return out.toByteArray();
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
  void diffHoldsOnlyChangesAndWhiteoutsAndAppliesOnTopOfTheBase() throws Exception {
    Path base = Files.createDirectories(tmp.resolve("base"));
    Files.createDirectories(base.resolve("etc"));
    Files.writeString(base.resolve("etc/keep.conf"), "keep");
    Files.writeString(base.resolve("etc/change.conf"), "old");
    Files.writeString(base.resolve("etc/remove.conf"), "bye");
    Files.createDirectories(base.resolve("olddir/sub"));
    Files.writeString(base.resolve("olddir/sub/f"), "x");
    byte[] baseLayer = layer(base);

    SnapshotDriver driver = SnapshotDriver.named("copy", tmp.resolve("cache"));
    assertThat(driver.name()).isEqualTo("copy");
    byte[] diff;
    try (Snapshot snap =
        driver.prepare(List.of(() -> new ByteArrayInputStream(baseLayer)), tmp.resolve("work"))) {
      Path rootfs = snap.rootfs();
      assertThat(rootfs.resolve("etc/keep.conf")).hasContent("keep");
      Files.writeString(rootfs.resolve("etc/change.conf"), "new content");
      Files.delete(rootfs.resolve("etc/remove.conf"));
      LayerReader.deleteRecursively(rootfs.resolve("olddir"));
      Files.createDirectories(rootfs.resolve("bin"));
      Files.writeString(rootfs.resolve("bin/tool"), "#!/bin/sh\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      snap.diff(out);
      diff = out.toByteArray();
    }
    assertThat(tmp.resolve("work")).doesNotExist();
    assertThat(names(diff))
        .containsExactlyInAnyOrder(
            "bin/", "bin/tool", "etc/", "etc/change.conf", "etc/.wh.remove.conf", ".wh.olddir");

    Path check = tmp.resolve("check");
    LayerReader.extract(new ByteArrayInputStream(baseLayer), check);
    LayerReader.extract(new ByteArrayInputStream(diff), check);
    assertThat(check.resolve("etc/change.conf")).hasContent("new content");
    assertThat(check.resolve("etc/keep.conf")).hasContent("keep");
    assertThat(check.resolve("etc/remove.conf")).doesNotExist();
    assertThat(check.resolve("olddir")).doesNotExist();
    assertThat(check.resolve("bin/tool")).exists();
  }
}
