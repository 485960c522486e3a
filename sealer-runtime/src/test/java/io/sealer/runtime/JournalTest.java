package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  @Test
  void finishedStepsSurviveANewJournal() {
    Path file = dir.resolve("journal");
    Journal first = new Journal(file);
    first.markDone("10.0.0.2/pre-init-host/hook_a@abc", "hook a");
    assertThat(new Journal(file).isDone("10.0.0.2/pre-init-host/hook_a@abc")).isTrue();
    assertThat(new Journal(file).isDone("10.0.0.2/pre-init-host/hook_a@abd")).isFalse();
  }

  @Test
  void aLineCutByACrashIsNotTakenAsDone() throws Exception {
    Path file = dir.resolve("journal");
    Files.writeString(file, "k1 one\nk2 tw", StandardCharsets.UTF_8);
    Journal j = new Journal(file);
    assertThat(j.isDone("k1")).isTrue();
    assertThat(j.isDone("k2")).isFalse();
    assertThat(j.isDone("k2 tw")).isFalse();
  }

  @Test
  void forgetRemovesAHostsSteps() {
    Path file = dir.resolve("journal");
    Journal j = new Journal(file);
    j.markDone("10.0.0.2/x@1", "x");
    j.markDone("10.0.0.20/x@1", "x");
    j.forget("10.0.0.2/");
    Journal again = new Journal(file);
    assertThat(again.isDone("10.0.0.2/x@1")).isFalse();
    assertThat(again.isDone("10.0.0.20/x@1")).isTrue();
  }
}
