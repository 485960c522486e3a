package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.event.EventListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;

/**
 * The seal: a run that finds everything as the last run left it is answered "unchanged" by one
 * short probe; anything that moved on the host (a file rewritten with its size and mtime kept, a
 * file of the host's own, an edited record) or in the image takes the long way and is found.
 */
class SealTest extends DistributionTestBase {
  @Test
  void anUntouchedHostAnswersUnchangedAndAnyChangeTakesTheLongWayAndIsFound() throws IOException {
    DistributionReport first = run(request(h1));
    assertThat(first.failed()).isEmpty();
    assertThat(h1.path(TARGET + ".manifest.seal")).exists();
    String seal = tree().sealFor(true);
    assertThat(Seal.unchanged(probe(seal))).isTrue();
    assertThat(Seal.unchanged(probe("0".repeat(64)))).as("another image").isFalse();

    int before = h1.commands.get();
    DistributionReport second = run(request(h1));
    assertThat(h1.commands.get() - before).isEqualTo(1);
    assertThat(second.hosts().get(0).bytesSent()).isZero();
    assertThat(second.hosts().get(0).filesKept())
        .isEqualTo(first.hosts().get(0).filesSent() + first.hosts().get(0).filesKept());

    // a file rewritten in place with the same size and mtime: only its ctime tells
    Path victim;
    try (var files = Files.walk(target(h1))) {
      victim =
          files.filter(p -> Files.isRegularFile(p) && sizeOf(p) > 16).findFirst().orElseThrow();
    }
    FileTime mtime = Files.getLastModifiedTime(victim);
    byte[] bytes = Files.readAllBytes(victim);
    bytes[7] ^= 0x5a;
    Files.write(victim, bytes);
    Files.setLastModifiedTime(victim, mtime);
    assertThat(Seal.unchanged(probe(seal))).isFalse();
    DistributionReport third = run(request(h1));
    assertThat(third.failed()).isEmpty();
    assertThat(third.hosts().get(0).filesSent()).isEqualTo(1);
    Trees.assertSame(image, target(h1), p -> true);
    assertThat(Seal.unchanged(probe(seal))).as("sealed again").isTrue();

    // the record edited on the host: the seal covers it too
    Path record = h1.path(TARGET + ".manifest");
    Files.writeString(record, Files.readString(record) + "\n");
    assertThat(Seal.unchanged(probe(seal))).isFalse();

    // a file of the host's own in the target: the long way, and the file is left alone
    Files.writeString(target(h1).resolve("kubeadm.yaml"), "made on the host");
    DistributionReport fourth = run(request(h1));
    assertThat(fourth.failed()).isEmpty();
    assertThat(fourth.hosts().get(0).bytesSent()).isZero();
    assertThat(target(h1).resolve("kubeadm.yaml")).hasContent("made on the host");
    assertThat(Seal.unchanged(probe(seal))).isFalse();
  }

  @Test
  void aRecordFromBeforeSealsIsSealedByTheNextRunThatChangesNothing() throws IOException {
    run(request(h1));
    Files.delete(h1.path(TARGET + ".manifest.seal"));
    DistributionReport again = run(request(h1));
    assertThat(again.hosts().get(0).bytesSent()).isZero();
    assertThat(Seal.unchanged(probe(tree().sealFor(true)))).isTrue();
  }

  private LocalTree tree() {
    return LocalTree.scan(image, 1, EventListener.NONE);
  }

  private byte[] probe(String seal) {
    return new HostScript(h1, TARGET, false).probe(seal);
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
