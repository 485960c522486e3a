package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dockerignore semantics for COPY sources. */
class SealerIgnoreTest {

  private static SealerIgnore of(String text) {
    return SealerIgnore.parse(".sealerignore", text);
  }

  @Test
  void missingFileIgnoresNothing(@TempDir Path context) {
    SealerIgnore ignore = SealerIgnore.load(context);
    assertThat(ignore.isEmpty()).isTrue();
    assertThat(ignore.isExcluded("anything")).isFalse();
  }

  @Test
  void loadsTheFileOfTheContext(@TempDir Path context) throws IOException {
    Files.writeString(context.resolve(".sealerignore"), "# build output\n*.log\n");
    SealerIgnore ignore = SealerIgnore.load(context);
    assertThat(ignore.isExcluded("build.log")).isTrue();
    assertThat(ignore.isExcluded("sub/build.log")).isFalse();
  }

  @Test
  void starAndQuestionMarkStayWithinOnePathElement() {
    SealerIgnore ignore = of("*.tmp\ndocs/?.md\n");
    assertThat(ignore.isExcluded("a.tmp")).isTrue();
    assertThat(ignore.isExcluded("dir/a.tmp")).isFalse();
    assertThat(ignore.isExcluded("docs/a.md")).isTrue();
    assertThat(ignore.isExcluded("docs/ab.md")).isFalse();
  }

  @Test
  void doubleStarMatchesAnyNumberOfDirectories() {
    SealerIgnore ignore = of("**/*.go\nvendor/**\n");
    assertThat(ignore.isExcluded("main.go")).isTrue();
    assertThat(ignore.isExcluded("a/b/c/main.go")).isTrue();
    assertThat(ignore.isExcluded("vendor/x/y")).isTrue();
    assertThat(ignore.isExcluded("main.java")).isFalse();
  }

  @Test
  void aMatchingDirectoryExcludesEverythingBelowIt() {
    SealerIgnore ignore = of("/.git\ntmp/\n");
    assertThat(ignore.isExcluded(".git")).isTrue();
    assertThat(ignore.isExcluded(".git/objects/ab/cdef")).isTrue();
    assertThat(ignore.isExcluded("tmp/x")).isTrue();
    assertThat(ignore.isExcluded("src/tmp")).isFalse();
  }

  @Test
  void lastMatchingPatternWinsAndBangReincludes() {
    SealerIgnore ignore = of("*.md\n!README.md\nREADME*.md\n!README-keep.md\n");
    assertThat(ignore.isExcluded("CHANGES.md")).isTrue();
    assertThat(ignore.isExcluded("README.md")).isTrue();
    assertThat(ignore.isExcluded("README-keep.md")).isFalse();
    assertThat(ignore.canSkipDirectory("CHANGES.md")).isFalse();
  }

  @Test
  void reincludeInsideAnExcludedDirectory() {
    SealerIgnore ignore = of("charts\n!charts/keep\n");
    assertThat(ignore.isExcluded("charts/other/x.yaml")).isTrue();
    assertThat(ignore.isExcluded("charts/keep")).isFalse();
    assertThat(ignore.canSkipDirectory("charts")).isFalse();
  }

  @Test
  void directoriesCanBeSkippedWithoutExceptions() {
    SealerIgnore ignore = of("node_modules\n");
    assertThat(ignore.canSkipDirectory("node_modules")).isTrue();
    assertThat(ignore.canSkipDirectory("src")).isFalse();
  }

  @Test
  void patternsAreCleanedLikePaths() {
    SealerIgnore ignore = of("./a/../b/*.txt\n  spaced.txt  \n");
    assertThat(ignore.isExcluded("b/x.txt")).isTrue();
    assertThat(ignore.isExcluded("spaced.txt")).isTrue();
    assertThat(ignore.isExcluded("./b/y.txt")).isTrue();
  }

  @Test
  void characterClassesAndEscapes() {
    SealerIgnore ignore = of("file[0-9].txt\nlit\\*eral\nx[!a].bin\n");
    assertThat(ignore.isExcluded("file7.txt")).isTrue();
    assertThat(ignore.isExcluded("filex.txt")).isFalse();
    assertThat(ignore.isExcluded("lit*eral")).isTrue();
    assertThat(ignore.isExcluded("litXeral")).isFalse();
    assertThat(ignore.isExcluded("xb.bin")).isTrue();
    assertThat(ignore.isExcluded("xa.bin")).isFalse();
  }

  @Test
  void malformedPatternIsAnErrorWithItsLine() {
    assertThatThrownBy(() -> of("ok\nbad[\n"))
        .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(2))
        .hasMessageStartingWith(".sealerignore:2: ");
    assertThatThrownBy(() -> of("!\n")).hasMessageContaining("illegal exclusion pattern");
  }
}
