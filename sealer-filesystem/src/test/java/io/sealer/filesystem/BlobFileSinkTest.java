package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import io.sealer.api.Digest;
import io.sealer.api.image.BlobWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large blobs are written with direct I/O after their first bytes: whatever the sizes of the writes
 * and wherever a resumed file starts, every byte lands where it belongs.
 */
class BlobFileSinkTest {
  @TempDir Path dir;

  @Test
  void switchesToDirectIoAndKeepsEveryByte() throws Exception {
    assumeTrue(directIoWorksIn(dir), "the file system of the temp dir has no direct I/O");
    byte[] content = random(5 * 1024 * 1024 + 123, 1);
    Path file = dir.resolve("blob");
    boolean wentDirect = false;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      BlobFileSink sink = new BlobFileSink(file, ch, 0, 10_000);
      Random sizes = new Random(2);
      for (int off = 0; off < content.length; ) {
        int n = Math.min(content.length - off, 1 + sizes.nextInt(300_000));
        sink.write(content, off, n);
        off += n;
        wentDirect |= sink.isDirect();
      }
      sink.finish();
      assertThat(sink.isDirect()).isFalse();
      ch.force(true);
      sink.close();
    }
    assertThat(wentDirect).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void aResumedFileAtAnUnalignedSizeGoesDirectFromTheNextBlock() throws Exception {
    assumeTrue(directIoWorksIn(dir), "the file system of the temp dir has no direct I/O");
    byte[] content = random(3 * 1024 * 1024 + 7, 3);
    Path file = dir.resolve("partial");
    int kept = 12_345;
    Files.write(file, Arrays.copyOf(content, kept));
    boolean wentDirect = false;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      BlobFileSink sink = new BlobFileSink(file, ch, kept, 0);
      for (int off = kept; off < content.length; off += 65_536) {
        sink.write(content, off, Math.min(65_536, content.length - off));
        wentDirect |= sink.isDirect();
      }
      sink.finish();
      sink.close();
    }
    assertThat(wentDirect).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void smallBlobsAndDisabledSinksStayInThePageCache() throws Exception {
    byte[] content = random(900_000, 4);
    for (long directAfter : new long[] {BlobFileSink.DIRECT_AFTER, Long.MAX_VALUE}) {
      Path file = dir.resolve("small-" + directAfter);
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        BlobFileSink sink = new BlobFileSink(file, ch, 0, directAfter);
        sink.write(content, 0, content.length);
        assertThat(sink.isDirect()).isFalse();
        sink.finish();
        sink.close();
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }
  }

  @Test
  void aBlobCutDuringDirectWritesResumesToTheRightDigest() throws Exception {
    BlobStore store = new BlobStore(dir.resolve("store"));
    byte[] content = random(4 * 1024 * 1024 + 999, 5);
    Digest digest = Digest.sha256Of(content);
    int cut = 2 * 1024 * 1024 + 4_321; // direct writes were under way, a tail still buffered
    Files.createDirectories(dir.resolve("store/ingest"));
    try (BlobWriter w = FileBlobWriter.open(store, dir.resolve("store/ingest"), digest, 100_000)) {
      w.stream().write(content, 0, cut);
    } // interrupted: closed without commit
    try (BlobWriter w = FileBlobWriter.open(store, dir.resolve("store/ingest"), digest, 100_000)) {
      assertThat(w.position()).isEqualTo(cut);
      w.stream().write(content, cut, content.length - cut);
      assertThat(w.commit()).isEqualTo(digest);
    }
    assertThat(store.read(digest)).isEqualTo(content);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void aLockedPartialStaysLockedForOtherProcessesUntilTheSinkCloses() throws Exception {
    assumeTrue(directIoWorksIn(dir), "the file system of the temp dir has no direct I/O");
    assumeTrue(python() != null, "no python3 to take a lock from another process");
    Path file = dir.resolve("blob.partial");
    byte[] content = random(3 * 1024 * 1024, 6);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock();
      BlobFileSink sink = new BlobFileSink(file, ch, 0, 10_000);
      sink.write(content, 0, content.length);
      sink.finish();
      // closing any descriptor of a file drops the process's POSIX locks on it: the direct one
      // must stay open while the writer holds its lock
      assertThat(lockedForOtherProcesses(file)).isTrue();
      lock.release();
      sink.close();
    }
    assertThat(lockedForOtherProcesses(file)).isFalse();
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
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

  private static boolean directIoWorksIn(Path dir) {
    Path probe = dir.resolve("direct-probe");
    try (FileChannel ch =
        FileChannel.open(
            probe,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            ExtendedOpenOption.DIRECT)) {
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // a probe
      }
    }
  }
}
