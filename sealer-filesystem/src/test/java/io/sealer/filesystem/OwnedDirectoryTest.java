package io.sealer.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnedDirectoryTest {
  @TempDir Path tmp;

  @Test
  void aLiveOwnersDirectoryIsKeptAndADeadOnesIsRemoved() throws Exception {
    try (OwnedDirectory live = OwnedDirectory.create(tmp, "build-")) {
      Files.writeString(live.path().resolve("work.txt"), "x");
      assertThat(live.path().resolve(OwnedDirectory.LOCK))
          .content()
          .startsWith(ProcessHandle.current().pid() + "\n");

      Path dead = Files.createDirectory(tmp.resolve("build-dead"));
      Files.writeString(dead.resolve(OwnedDirectory.LOCK), "999999\n");
      Files.createDirectories(dead.resolve("rootfs/a"));
      Path fresh = Files.createDirectory(tmp.resolve("build-unlocked-fresh"));
      Path old = Files.createDirectory(tmp.resolve("build-unlocked-old"));
      Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
      Path other = Files.createDirectory(tmp.resolve("cache"));

      assertThat(OwnedDirectory.sweep(tmp, "build-")).containsExactlyInAnyOrder(dead, old);
      assertThat(live.path().resolve("work.txt")).exists();
      assertThat(fresh).exists();
      assertThat(other).exists();

      Path deadToo = Files.createDirectory(tmp.resolve("other-owned"));
      Files.writeString(deadToo.resolve(OwnedDirectory.LOCK), "1\n");
      assertThat(OwnedDirectory.sweepOwned(tmp)).containsExactly(deadToo);
      assertThat(fresh).exists();
      assertThat(live.path()).exists();
    }
    assertThat(tmp)
        .isDirectoryNotContaining(
            p ->
                p.getFileName().toString().startsWith("build-")
                    && !p.getFileName().toString().contains("unlocked"));
  }
}
