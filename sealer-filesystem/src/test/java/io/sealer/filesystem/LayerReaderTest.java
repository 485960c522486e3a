package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerReaderTest {
  @TempDir Path tmp;

  /** Builds a plain tar; each spec is "type name [link]" with type f, d, l (symlink), h, c. */
  private static byte[] tar(String... specs) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String spec : specs) {
        String[] p = spec.split(" ");
        TarArchiveEntry e =
            switch (p[0]) {
              case "d" -> new TarArchiveEntry(p[1], TarConstants.LF_DIR, true);
              case "l" -> new TarArchiveEntry(p[1], TarConstants.LF_SYMLINK, true);
              case "h" -> new TarArchiveEntry(p[1], TarConstants.LF_LINK, true);
              case "c" -> new TarArchiveEntry(p[1], TarConstants.LF_CHR, true);
              default -> new TarArchiveEntry(p[1], TarConstants.LF_NORMAL, true);
            };
        byte[] data = p[0].equals("f") ? p[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (p.length > 2) {
          e.setLinkName(p[2]);
        }
        e.setSize(data.length);
        e.setMode(p[0].equals("d") ? 040755 : 0100644);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private Path extract(byte[] tar) throws Exception {
    Path dest = tmp.resolve("root");
    LayerReader.extract(new ByteArrayInputStream(tar), dest);
    return dest;
  }

  @Test
  void dotDotIsRefused() {
    assertThatThrownBy(() -> extract(tar("f a/../../evil")))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("a/../../evil");
    assertThat(tmp.resolve("evil")).doesNotExist();
  }

  @Test
  void absolutePathIsRefused() {
    assertThatThrownBy(() -> extract(tar("f /etc/passwd")))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("absolute");
  }

  @Test
  void writingThroughSymlinkToOutsideIsRefused() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    assertThatThrownBy(() -> extract(tar("l esc ../outside", "f esc/pwned")))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("outside the root");
    assertThat(outside.resolve("pwned")).doesNotExist();
  }

  @Test
  void absoluteSymlinkParentStaysInsideRoot() throws Exception {
    Path dest = extract(tar("d usr/", "d usr/lib/", "l lib /usr/lib", "f lib/libc.so"));
    assertThat(dest.resolve("usr/lib/libc.so")).exists();
  }

  @Test
  void hardLinkOutsideIsRefused() {
    assertThatThrownBy(() -> extract(tar("h x ../../etc/passwd")))
        .isInstanceOf(UnsafeLayerException.class);
  }

  @Test
  void deviceNodeIsRefused() {
    assertThatThrownBy(() -> extract(tar("c dev/null")))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("device");
  }

  @Test
  void whiteoutsDeleteLowerFilesAndOpaqueHidesLowerDirectoryContent() throws Exception {
    Path dest = tmp.resolve("root");
    Files.createDirectories(dest.resolve("keep"));
    Files.createDirectories(dest.resolve("opaque/sub"));
    Files.writeString(dest.resolve("gone.txt"), "x");
    Files.writeString(dest.resolve("opaque/lower.txt"), "x");
    Files.writeString(dest.resolve("keep/lower.txt"), "x");
    LayerReader.extract(
        new ByteArrayInputStream(
            tar("f .wh.gone.txt", "d opaque/", "f opaque/new.txt", "f opaque/.wh..wh..opq")),
        dest);
    assertThat(dest.resolve("gone.txt")).doesNotExist();
    assertThat(dest.resolve("opaque/lower.txt")).doesNotExist();
    assertThat(dest.resolve("opaque/sub")).doesNotExist();
    assertThat(dest.resolve("opaque/new.txt")).hasContent("opaque/new.txt");
    assertThat(dest.resolve("keep/lower.txt")).exists();
  }

  @Test
  void malformedArchiveFailsWithMessage() {
    byte[] good = new byte[0];
    try {
      good = tar("f a.txt");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    byte[] truncated = java.util.Arrays.copyOf(good, 700);
    assertThatThrownBy(() -> extract(truncated)).isInstanceOf(SealerException.class);
    byte[] garbage = new byte[1024];
    java.util.Arrays.fill(garbage, (byte) 7);
    assertThatThrownBy(() -> extract(garbage)).isInstanceOf(SealerException.class);
  }
}
