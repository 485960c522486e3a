package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  @TempDir Path tmp;

  private Path tree(String name, Instant mtime) throws Exception {
    Path root = tmp.resolve(name);
    Files.createDirectories(root.resolve("etc/kube"));
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("etc/kube/kubeadm.yml"), "kind: ClusterConfiguration\n");
    Files.writeString(root.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        root.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("a.txt"), "a");
    Files.createSymbolicLink(root.resolve("link"), Path.of("etc/kube/kubeadm.yml"));
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.setLastModifiedTime(p, FileTime.from(mtime));
      }
    }
    return root;
  }

  @Test
  void sameFilesGiveSameDigestsWhateverTheirTimes() throws Exception {
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    LayerDigests d1 =
        new LayerWriter()
            .addDirectory(tree("one", Instant.parse("2020-01-01T00:00:00Z")))
            .writeTo(one);
    LayerDigests d2 =
        new LayerWriter()
            .addDirectory(tree("two", Instant.parse("2024-05-05T10:00:00Z")))
            .writeTo(two);
    assertThat(d1).isEqualTo(d2);
    assertThat(one.toByteArray()).isEqualTo(two.toByteArray());
    assertThat(d1.digest()).isEqualTo(Digest.sha256Of(one.toByteArray()));
    assertThat(d1.size()).isEqualTo(one.size());
  }

  @Test
  void entriesAreSortedOwnedByRootWithFixedTimeAndModesKept() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerDigests digests = new LayerWriter().addDirectory(tree("t", Instant.now())).writeTo(out);
    List<String> names = new ArrayList<>();
    byte[] tar = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes();
    assertThat(digests.diffId()).isEqualTo(Digest.sha256Of(tar));
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getGroupName()).isEmpty();
        assertThat(e.getModTime().toInstant()).isEqualTo(LayerWriter.FIXED_TIME);
        if (e.getName().equals("bin/run.sh")) {
          assertThat(e.getMode() & 0777).isEqualTo(0755);
        }
        if (e.getName().equals("link")) {
          assertThat(e.isSymbolicLink()).isTrue();
          assertThat(e.getLinkName()).isEqualTo("etc/kube/kubeadm.yml");
        }
      }
    }
    assertThat(names)
        .containsExactly(
            "a.txt", "bin/", "bin/run.sh", "etc/", "etc/kube/", "etc/kube/kubeadm.yml", "link");
  }

  @Test
  void keepTimestampsKeepsThem() throws Exception {
    Instant when = Instant.parse("2022-02-02T02:02:02Z");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter().addDirectory(tree("k", when)).keepTimestamps(true).writeTo(out);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(
            new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())))) {
      TarArchiveEntry first = in.getNextEntry();
      assertThat(first.getModTime().toInstant()).isEqualTo(when);
    }
  }

  @Test
  void roundTripThroughReaderRestoresTheTree() throws Exception {
    Path src = tree("src", Instant.now());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerDigests digests =
        new LayerWriter().addDirectory(src).addWhiteout("old/removed.txt").writeTo(out);
    Path dest = tmp.resolve("dest");
    Files.createDirectories(dest.resolve("old"));
    Files.writeString(dest.resolve("old/removed.txt"), "x");
    Digest diffId = LayerReader.extract(new ByteArrayInputStream(out.toByteArray()), dest);
    assertThat(diffId).isEqualTo(digests.diffId());
    assertThat(Files.readString(dest.resolve("etc/kube/kubeadm.yml"))).startsWith("kind:");
    assertThat(Files.isExecutable(dest.resolve("bin/run.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(dest.resolve("link")))
        .isEqualTo(Path.of("etc/kube/kubeadm.yml"));
    assertThat(dest.resolve("old/removed.txt")).doesNotExist();
    assertThat(dest.resolve("old/.wh.removed.txt")).doesNotExist();
  }
}
