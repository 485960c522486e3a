package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.host.HostCommandException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Links, tampered records and hand-made plans never make the host write or delete outside. */
class HostileDistributionTest extends DistributionTestBase {
  Path outside;

  @BeforeEach
  void makeOutside() throws IOException {
    outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "outside the target");
  }

  void assertOutsideUntouched() throws IOException {
    try (var files = Files.list(outside)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep");
    }
    assertThat(outside.resolve("keep")).hasContent("outside the target");
  }

  @Test
  void aLinkFromAnOlderImageIsNotFollowedWhenTheNewImageHasADirectoryThere() throws IOException {
    Files.createSymbolicLink(image.resolve("a"), outside);
    assertThat(only(run(request(h2))).succeeded()).isTrue();
    assertThat(Files.readSymbolicLink(target(h2).resolve("a"))).isEqualTo(outside);

    Files.delete(image.resolve("a"));
    Files.createDirectories(image.resolve("a"));
    Files.writeString(image.resolve("a/x"), "inside");
    Files.writeString(image.resolve("a/keep"), "inside too");

    assertThat(only(run(request(h2))).succeeded()).isTrue();
    assertOutsideUntouched();
    assertThat(target(h2).resolve("a")).isDirectory();
    assertThat(Files.isSymbolicLink(target(h2).resolve("a"))).isFalse();
    Trees.assertSame(image, target(h2), Trees::notRegistry);
  }

  @Test
  void aLinkPlantedOnTheHostInPlaceOfADirectoryIsNotFollowed() throws IOException {
    assertThat(only(run(request(h2))).succeeded()).isTrue();
    Path etc = target(h2).resolve("etc");
    try (var walk = Files.walk(etc)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.createSymbolicLink(etc, outside);

    assertThat(only(run(request(h2))).succeeded()).isTrue();
    assertOutsideUntouched();
    Trees.assertSame(image, target(h2), Trees::notRegistry);
  }

  @Test
  void aPlanThatWritesBelowALinkOnTheHostIsRefused() throws IOException {
    Files.createDirectories(target(h2));
    Files.createSymbolicLink(target(h2).resolve("a"), outside);
    Path crafted = Files.createDirectories(base.resolve("crafted/a"));
    Files.writeString(crafted.resolve("x"), "must not land outside");
    TreeEntry x = entry(crafted.getParent(), "a/x");
    TransferPlan.Writer ops = new TransferPlan.Writer();
    ops.add("F", "644", x.sha256(), Long.toString(x.size()), "0", "a/x");

    assertThatThrownBy(() -> apply(h2, crafted.getParent(), ops, List.of(x)))
        .isInstanceOf(HostCommandException.class)
        .hasMessageContaining("exited 14")
        .hasMessageContaining("is not a real directory");
    assertOutsideUntouched();
  }

  @Test
  void aStreamWithALinkAndAFileBelowItCannotWriteThroughTheLink() throws IOException {
    Path crafted = Files.createDirectories(base.resolve("crafted"));
    Files.createDirectories(crafted.resolve("b"));
    Files.writeString(crafted.resolve("b/x"), "must not land outside");
    TreeEntry x = entry(crafted, "b/x");
    TreeEntry link = new TreeEntry("a", EntryType.LINK, 0777, 0, null, outside.toString());
    TreeEntry throughLink = new TreeEntry("a/x", EntryType.FILE, 0644, x.size(), x.sha256(), null);
    Files.createSymbolicLink(crafted.resolve("a"), crafted.resolve("b"));
    TransferPlan.Writer ops = new TransferPlan.Writer();
    ops.add("L", outside.toString(), "a");
    ops.add("F", "644", x.sha256(), Long.toString(x.size()), "0", "a/x");

    assertThatThrownBy(() -> apply(h2, crafted, ops, List.of(link, throughLink)))
        .isInstanceOf(HostCommandException.class)
        .hasMessageContaining("exited 12")
        .hasMessageContaining("tree/a/x: Cannot open");
    assertOutsideUntouched();
  }

  @Test
  void aPlanWithADotDotPathIsRefusedBeforeAnythingIsRemoved() throws IOException {
    Files.createDirectories(target(h2));
    Path canary = Files.writeString(h2.path("/var/lib/sealer/data/canary"), "keep me");
    TransferPlan.Writer ops = new TransferPlan.Writer();
    ops.add("X", "../../canary");

    assertThatThrownBy(() -> apply(h2, image, ops, List.of()))
        .isInstanceOf(HostCommandException.class)
        .hasMessageContaining("exited 14")
        .hasMessageContaining("unsafe path in plan");
    assertThat(canary).hasContent("keep me");
  }

  @Test
  void aFileThatDoesNotMatchItsPromisedDigestIsNotPlacedInAnEmptyOrAFullTarget()
      throws IOException {
    Path crafted = Files.createDirectories(base.resolve("crafted/etc"));
    Files.writeString(crafted.resolve("x"), "what arrives");
    TreeEntry x = entry(crafted.getParent(), "etc/x");
    String promised = "0".repeat(64);
    for (boolean full : new boolean[] {false, true}) {
      if (full) {
        assertThat(only(run(request(h2))).succeeded()).isTrue();
      }
      TransferPlan.Writer ops = new TransferPlan.Writer();
      ops.add("D", "755", "etc");
      ops.add("F", "644", promised, Long.toString(x.size()), "0", "etc/x");

      assertThatThrownBy(() -> apply(h2, crafted.getParent(), ops, List.of(x)))
          .isInstanceOf(HostCommandException.class)
          .hasMessageContaining("exited 13")
          .hasMessageContaining("etc/x failed its digest check (expected " + promised);
      assertThat(target(h2).resolve("etc/x")).doesNotExist();
    }
  }

  @Test
  void aFileSentWithADotDotPathIsRefusedBeforeAnythingMoves() throws IOException {
    Path crafted = Files.createDirectories(base.resolve("crafted"));
    Files.writeString(crafted.resolve("x"), "must not land outside");
    TreeEntry x = entry(crafted, "x");
    TransferPlan.Writer ops = new TransferPlan.Writer();
    ops.add("F", "644", x.sha256(), Long.toString(x.size()), "0", "../x");

    assertThatThrownBy(() -> apply(h2, crafted, ops, List.of()))
        .isInstanceOf(HostCommandException.class)
        .hasMessageContaining("exited 14")
        .hasMessageContaining("unsafe path in plan: ../x");
    assertThat(h2.path(TARGET).getParent().resolve("x")).doesNotExist();
  }

  @Test
  void whatAnEarlierRunLeftInStagingNeverMovesIntoAnEmptyTarget() throws IOException {
    Path stage = h2.path(TARGET).getParent().resolve(".rootfs.staging");
    Files.createDirectories(stage.resolve("tree/stale"));
    Files.writeString(stage.resolve("tree/stale/junk"), "left by another image's run");
    Files.write(stage.resolve(".sealer-plan"), new byte[0]);

    assertThat(only(run(request(h2))).succeeded()).isTrue();

    Trees.assertSame(image, target(h2), Trees::notRegistry);
    assertThat(target(h2).resolve("stale")).doesNotExist();
    assertThat(stage).doesNotExist();
  }

  @Test
  void aTamperedRecordCannotMakeSealerDeleteOutsideTheTarget() throws IOException {
    assertThat(only(run(request(h2))).succeeded()).isTrue();
    Path canary = Files.writeString(h2.path("/var/lib/sealer/data/canary"), "keep me");
    Path absolute = Files.writeString(base.resolve("absolute-canary"), "keep me");
    Files.writeString(
        h2.path(TARGET + ".manifest"),
        "f\t644\t7\t-\t-\t-\t-\t-\t../../canary\n"
            + "f\t644\t7\t-\t-\t-\t-\t-\t"
            + absolute
            + "\n"
            + "d\t755\t0\t-\t-\t-\t-\t-\tetc/../..\n",
        java.nio.file.StandardOpenOption.APPEND);

    HostDistribution outcome = only(run(request(h2)));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.filesRemoved()).isZero();
    assertThat(canary).hasContent("keep me");
    assertThat(absolute).hasContent("keep me");
    assertThat(warnings()).anyMatch(w -> w.contains("ignored 3 unsafe or malformed entries"));
  }

  @Test
  void aHostWithoutSha256sumFailsNamingTheTool() throws IOException {
    Path bin = Files.createDirectories(base.resolve("bin"));
    for (String tool :
        List.of(
            "tar", "find", "stat", "mv", "rm", "rmdir", "mkdir", "chmod", "xargs", "sync", "cat",
            "split", "mktemp", "nproc", "tail", "tr")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of(which(tool)));
    }
    LocalShellHost bare = new LocalShellHost("10.0.0.7", base.resolve("h7"), "PATH=" + bin);

    HostDistribution outcome = only(run(request(bare)));

    assertThat(outcome.failure())
        .hasMessageStartingWith("10.0.0.7: ")
        .hasMessageContaining("exited 10")
        .hasMessageContaining("required tool 'sha256sum' is not installed");
  }

  private static String which(String tool) {
    for (String dir : List.of("/usr/bin/", "/bin/", "/usr/sbin/")) {
      if (Files.isExecutable(Path.of(dir + tool))) {
        return dir + tool;
      }
    }
    throw new IllegalStateException(tool + " not found");
  }

  private static TreeEntry entry(Path root, String path) {
    return LocalTree.scan(root, 1, e -> {}).entries().stream()
        .filter(e -> e.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  private static void apply(
      LocalShellHost host, Path root, TransferPlan.Writer ops, List<TreeEntry> send)
      throws IOException {
    List<TransferPlan.Send> sends = send.stream().map(e -> new TransferPlan.Send(e, 0)).toList();
    TransferPlan plan = new TransferPlan(ops.bytes(), ops.count(), sends, 0, send.size(), 0, 0);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    TarStream.write(root, plan, stream);
    new HostScript(host, TARGET, false).apply(new ByteArrayInputStream(stream.toByteArray()));
  }
}
