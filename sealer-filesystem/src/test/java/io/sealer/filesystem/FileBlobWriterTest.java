package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import io.sealer.api.image.BlobWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob is written at increasing positions while its disk writes are started early in the
 * background: whatever the sizes of the writes and wherever a resumed file starts, every byte lands
 * where it belongs, and the partial file stays locked against other processes until its writer
 * closes.
 */
class FileBlobWriterTest {
  @TempDir Path dir;

  @Test
  void writesOfEverySizeLandInOrderPastManyEarlyFlushes() throws Exception {
    BlobStore store = new BlobStore(dir.resolve("store"));
    byte[] content = random((int) (3 * WriteBehind.STEP) + 123, 1);
    Digest digest = Digest.sha256Of(content);
    try (BlobWriter w = store.newWriter(digest)) {
      Random sizes = new Random(2);
      for (int off = 0; off < content.length; ) {
        int n = Math.min(content.length - off, 1 + sizes.nextInt(700_000));
        w.stream().write(content, off, n);
        off += n;
      }
      assertThat(w.commit()).isEqualTo(digest);
    }
    assertThat(store.read(digest)).isEqualTo(content);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void aBlobCutMidWayResumesToTheRightDigest() throws Exception {
    BlobStore store = new BlobStore(dir.resolve("store"));
    byte[] content = random((int) (2 * WriteBehind.STEP) + 999, 5);
    Digest digest = Digest.sha256Of(content);
    int cut = (int) WriteBehind.STEP + 4_321; // an early flush done, a part still buffered
    try (BlobWriter w = store.newWriter(digest)) {
      w.stream().write(content, 0, cut);
    } // interrupted: closed without commit
    try (BlobWriter w = store.newWriter(digest)) {
      assertThat(w.position()).isEqualTo(cut);
      w.stream().write(content, cut, content.length - cut);
      assertThat(w.commit()).isEqualTo(digest);
    }
    assertThat(store.read(digest)).isEqualTo(content);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void wrongContentIsRefusedAndNothingIsStored() throws Exception {
    BlobStore store = new BlobStore(dir.resolve("store"));
    byte[] content = random((int) WriteBehind.STEP + 10, 7);
    Digest digest = Digest.sha256Of(content);
    content[content.length / 2] ^= 1;
    try (BlobWriter w = store.newWriter(digest)) {
      w.stream().write(content);
      assertThatThrownBy(w::commit)
          .isInstanceOf(SealerException.class)
          .hasMessageContaining("could not store blob " + digest);
    }
    assertThat(store.has(digest)).isFalse();
  }

  @Test
  void aPartialStaysLockedForOtherProcessesUntilItsWriterCloses() throws Exception {
    assumeTrue(python() != null, "no python3 to take a lock from another process");
    BlobStore store = new BlobStore(dir.resolve("store"));
    byte[] content = random((int) WriteBehind.STEP * 2, 6);
    Digest digest = Digest.sha256Of(content);
    Path partial;
    try (BlobWriter w = store.newWriter(digest)) {
      w.stream().write(content, 0, content.length - 1);
      w.stream().flush();
      try (var files = Files.list(dir.resolve("store/ingest"))) {
        partial = files.filter(p -> p.toString().endsWith(".partial")).findFirst().orElseThrow();
      }
      assertThat(lockedForOtherProcesses(partial)).isTrue();
    }
    assertThat(lockedForOtherProcesses(partial)).isFalse();
    assertThat(Files.size(partial)).isEqualTo(content.length - 1);
  }

  private static String python() {
    for (String p : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }

  private static boolean lockedForOtherProcesses(Path file) throws Exception {
    String script =
        "import fcntl, sys\n"
            + "f = open(sys.argv[1], 'r+')\n"
            + "try:\n"
            + "    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
            + "    print('free')\n"
            + "except OSError:\n"
            + "    print('locked')\n";
    Process p =
        new ProcessBuilder(python(), "-c", script, file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as(out).isZero();
    return out.equals("locked");
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
