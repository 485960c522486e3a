package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void writesWithExactPermissionsReplacingTheOldFileAndLeavingNoTemporaryFile(@TempDir Path dir)
      throws IOException {
    Path key = dir.resolve("sub/ca.key");
    AtomicFiles.write(key, "old".getBytes(StandardCharsets.US_ASCII));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

    AtomicFiles.write(
        key,
        "new".getBytes(StandardCharsets.US_ASCII),
        PosixFilePermissions.fromString("rw-------"));

    assertThat(key).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(key.getParent())) {
      assertThat(files).containsExactly(key);
    }
  }

  @Test
  void permissionsTheUmaskWouldRemoveAreStillSet(@TempDir Path dir) throws IOException {
    Path shared = dir.resolve("shared.conf");
    AtomicFiles.write(shared, new byte[] {1}, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
        .isEqualTo("rw-rw-rw-");
  }
}
