package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {
  @TempDir Path base;

  /**
   * Every step of the start-up archive's training succeeds against its own registry: should one
   * fail, the archive would quietly lose the classes of what follows it, and pulls get slower.
   */
  @Test
  void pullsAndPushesThroughItsOwnRegistry() throws Exception {
    assertThat(CdsTraining.run(base, Map.of("PATH", System.getenv("PATH")))).isZero();
    try (var blobs = Files.list(base.resolve("root/images/blobs/sha256"))) {
      assertThat(blobs.count()).isEqualTo(5); // three layers, the config and the manifest
    }
    assertThat(base.resolve("home")).doesNotExist();
  }
}
