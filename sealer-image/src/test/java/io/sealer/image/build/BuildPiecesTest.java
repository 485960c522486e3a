package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.Keyword;
import io.sealer.filesystem.LayerWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's small collaborators: expansion, rootfs diff, source resolution, rendering. */
class BuildPiecesTest {
  @TempDir Path tmp;

  @Test
  void variablesExpandLikeADockerfile() {
    Map<String, String> vars = Map.of("A", "1", "EMPTY", "");
    assertThat(Variables.expand("x-$A-${A}-$B-${EMPTY:-d}-\\$A-$", vars))
        .isEqualTo("x-1-1--d-$A-$");
    assertThat(Variables.expand("no vars", vars)).isEqualTo("no vars");
    assertThat(Variables.expand("${A", vars)).isEqualTo("${A");
  }

  @Test
  void rootfsDiffFindsNewChangedAndDeletedPaths() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("rootfs"));
    Files.createDirectories(root.resolve("keep"));
    Files.writeString(root.resolve("keep/same"), "same");
    Files.writeString(root.resolve("keep/changed"), "old");
    Files.createDirectories(root.resolve("gone/deep"));
    Files.writeString(root.resolve("gone/deep/file"), "x");
    Files.writeString(root.resolve("keep/deleted"), "x");
    RootfsSnapshot before = RootfsSnapshot.take(root);
    Files.writeString(root.resolve("keep/changed"), "new content");
    Files.writeString(root.resolve("keep/new"), "n");
    Files.delete(root.resolve("keep/deleted"));
    Files.delete(root.resolve("gone/deep/file"));
    Files.delete(root.resolve("gone/deep"));
    Files.delete(root.resolve("gone"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("keep/new"));
    LayerWriter layer = new LayerWriter();
    int changes = before.diffInto(RootfsSnapshot.take(root), layer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    layer.writeTo(out);
    List<String> names = new java.util.ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new java.util.zip.GZIPInputStream(new ByteArrayInputStream(out.toByteArray())))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
      }
    }
    assertThat(changes).isEqualTo(5);
    assertThat(names)
        .containsExactly(
            ".wh.gone", "keep/", "keep/.wh.deleted", "keep/changed", "keep/new", "link");
  }

  @Test
  void copySourcesExpandGlobsAndRespectTheIgnoreFile() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx")).toRealPath();
    Files.createDirectories(ctx.resolve("m/sub"));
    Files.writeString(ctx.resolve("m/a.yaml"), "a");
    Files.writeString(ctx.resolve("m/b.yaml"), "b");
    Files.writeString(ctx.resolve("m/c.txt"), "c");
    Files.writeString(ctx.resolve("m/sub/d.yaml"), "d");
    SealerIgnore ignore = SealerIgnore.parse(".sealerignore", "m/b.yaml\n");
    CopySources sources = new CopySources(ctx, ignore, "Kubefile:3");
    assertThat(sources.resolve("m/*.yaml")).containsExactly(ctx.resolve("m/a.yaml"));
    Map<String, Path> files = new TreeMap<>();
    sources.collect(ctx.resolve("m"), "dest", "dest", files);
    assertThat(files.keySet())
        .containsExactly("dest/a.yaml", "dest/c.txt", "dest/sub", "dest/sub/d.yaml");
    assertThatThrownBy(() -> sources.resolve("nope/*.yaml"))
        .hasMessage(
            "Kubefile:3: could not copy nope/*.yaml: no such file or directory in the build context");
    Files.createSymbolicLink(ctx.resolve("escape"), tmp);
    assertThatThrownBy(() -> sources.resolve("escape"))
        .hasMessageContaining("outside the build context");
  }

  @Test
  void instructionsRenderAsWritten() {
    assertThat(
            InstructionRunner.render(
                new Instruction(
                    1, Keyword.APPCMDS, Map.of(), List.of("app", "kubectl", "apply"), true)))
        .isEqualTo("APPCMDS app [\"kubectl\",\"apply\"]");
    assertThat(
            InstructionRunner.render(
                new Instruction(
                    1, Keyword.FROM, Map.of("platform", "linux/arm64"), List.of("x"), false)))
        .isEqualTo("FROM --platform=linux/arm64 x");
  }
}
