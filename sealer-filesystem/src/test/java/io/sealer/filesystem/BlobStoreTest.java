package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import io.sealer.api.image.BlobWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
  @TempDir Path dir;

  @Test
  void commitsUnderDigestAndReadsBack() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] content = "hello layer".getBytes(StandardCharsets.UTF_8);
    Digest digest;
    try (BlobWriter w = store.newWriter(null)) {
      w.stream().write(content);
      digest = w.commit();
    }
    assertThat(digest).isEqualTo(Digest.sha256Of(content));
    assertThat(store.path(digest)).isEqualTo(dir.resolve("blobs/sha256/" + digest.hex()));
    assertThat(store.read(digest)).isEqualTo(content);
    assertThat(store.size(digest)).isEqualTo(content.length);
    assertThat(store.verify(digest)).isTrue();
    assertThat(store.list()).containsExactly(digest);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void wrongContentForExpectedDigestIsRefusedAndDiscarded() throws Exception {
    BlobStore store = new BlobStore(dir);
    Digest expected = Digest.sha256Of("right");
    try (BlobWriter w = store.newWriter(expected)) {
      w.stream().write("wrong".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(w::commit)
          .isInstanceOf(SealerException.class)
          .hasMessageContaining("could not store blob " + expected);
    }
    assertThat(store.has(expected)).isFalse();
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void partialWriteForKnownDigestIsResumed() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    Digest digest = Digest.sha256Of(content);
    try (BlobWriter w = store.newWriter(digest)) {
      assertThat(w.position()).isZero();
      w.stream().write(content, 0, 100_000);
    } // interrupted: closed without commit
    assertThat(store.has(digest)).isFalse();
    try (BlobWriter w = store.newWriter(digest)) {
      assertThat(w.position()).isEqualTo(100_000);
      w.stream().write(content, 100_000, content.length - 100_000);
      assertThat(w.commit()).isEqualTo(digest);
    }
    assertThat(store.read(digest)).isEqualTo(content);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void concurrentWriterForSameDigestUsesItsOwnFile() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] content = "same".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256Of(content);
    try (BlobWriter first = store.newWriter(digest);
        BlobWriter second = store.newWriter(digest)) {
      first.stream().write(content);
      second.stream().write(content);
      assertThat(second.commit()).isEqualTo(digest);
      assertThat(first.commit()).isEqualTo(digest);
    }
    assertThat(store.list()).containsExactly(digest);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void abandonedUnknownWriteLeavesNothing() throws Exception {
    BlobStore store = new BlobStore(dir);
    try (BlobWriter w = store.newWriter(null)) {
      w.stream().write(new byte[10]);
    }
    assertThat(store.unfinished()).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void verifyDetectsCorruption() throws Exception {
    BlobStore store = new BlobStore(dir);
    Digest digest = store.put("config".getBytes(StandardCharsets.UTF_8));
    Files.writeString(store.path(digest), "tampered");
    assertThat(store.verify(digest)).isFalse();
  }

  @Test
  void missingBlobFailsWithDigestInMessage() {
    BlobStore store = new BlobStore(dir);
    Digest digest = Digest.sha256Of("absent");
    assertThatThrownBy(() -> store.read(digest)).hasMessageContaining(digest.toString());
  }

  @Test
  void atomicWriteReplacesContentAndLeavesNoTemp() throws Exception {
    Path target = dir.resolve("sub/index.json");
    AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "two".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(target)).isEqualTo("two");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }
}
