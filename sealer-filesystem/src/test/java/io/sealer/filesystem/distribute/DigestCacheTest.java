package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.event.EventListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestCacheTest {
  @TempDir Path base;

  String digestOf(Path root, Path cacheFile, String path) {
    DigestCache cache = DigestCache.open(cacheFile);
    LocalTree tree = LocalTree.scan(root, 1, EventListener.NONE, cache);
    cache.save(EventListener.NONE);
    return tree.entries().stream()
        .filter(e -> e.path().equals(path))
        .findFirst()
        .orElseThrow()
        .sha256();
  }

  @Test
  void anUnchangedFileIsNotReadAgainAndAChangedOneIs() throws IOException {
    Path root = Files.createDirectories(base.resolve("rootfs"));
    Path file = Files.writeString(root.resolve("a b"), "one");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    Path cacheFile = base.resolve("rootfs.digests");
    String real = digestOf(root, cacheFile, "a b");
    assertThat(cacheFile).exists();

    String bogus = "0".repeat(64);
    Files.writeString(cacheFile, Files.readString(cacheFile).replace(real, bogus));
    assertThat(digestOf(root, cacheFile, "a b")).as("taken from the cache").isEqualTo(bogus);

    Files.writeString(file, "two");
    assertThat(digestOf(root, cacheFile, "a b")).isNotEqualTo(bogus).isNotEqualTo(real);
  }

  @Test
  void aFileChangedJustBeforeTheScanIsNotCached() throws IOException {
    Path root = Files.createDirectories(base.resolve("rootfs"));
    Files.writeString(root.resolve("fresh"), "just written");
    Path cacheFile = base.resolve("rootfs.digests");

    digestOf(root, cacheFile, "fresh");

    assertThat(cacheFile).doesNotExist();
  }

  @Test
  void aDamagedCacheIsIgnored() throws IOException {
    Path root = Files.createDirectories(base.resolve("rootfs"));
    Files.writeString(root.resolve("x"), "x");
    Path cacheFile = Files.writeString(base.resolve("rootfs.digests"), "garbage\n\t\t\n");

    assertThat(digestOf(root, cacheFile, "x")).hasSize(64);
  }
}
