package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ImageReference;
import io.sealer.api.ParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageListWithAuthTest {

  @Test
  void readsSectionsAndPutsBareImagesIntoTheSectionsRegistry() {
    List<ImageListWithAuth.Section> sections =
        ImageListWithAuth.parse(
            "auth.yaml",
            "- registry: harbor.corp:8443\n"
                + "  username: builder\n"
                + "  password: s3cret\n"
                + "  images:\n"
                + "  - team/app:1.0\n"
                + "  - quay.io/other/tool:2\n"
                + "- registry: empty.example.com\n"
                + "  images: []\n"
                + "- username: u\n"
                + "  password: p\n"
                + "  images: [nginx]\n");
    assertThat(sections).hasSize(2);
    assertThat(sections.get(0).registry()).isEqualTo("harbor.corp:8443");
    assertThat(sections.get(0).images())
        .containsExactly(
            ImageReference.parse("harbor.corp:8443/team/app:1.0"),
            ImageReference.parse("quay.io/other/tool:2"));
    assertThat(sections.get(1).images()).containsExactly(ImageReference.parse("nginx"));
    assertThat(sections.get(0).toString()).contains("builder").doesNotContain("s3cret");
  }

  @Test
  void credentialsAreRequiredAndNeverEchoed() {
    assertThatThrownBy(
            () ->
                ImageListWithAuth.parse(
                    "auth.yaml",
                    "- registry: r.example.com\n  password: topsecret\n  images: [a/b]\n"))
        .isInstanceOf(ParseException.class)
        .hasMessage("auth.yaml: section 1 (r.example.com): username and password must be set")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void badImageOrShapeIsAParseError() {
    assertThatThrownBy(
            () ->
                ImageListWithAuth.parse(
                    "auth.yaml", "- username: u\n  password: p\n  images: [Bad/Name]\n"))
        .hasMessageStartingWith("auth.yaml: section 1: invalid image reference");
    assertThatThrownBy(() -> ImageListWithAuth.parse("auth.yaml", "registry: x\n"))
        .hasMessageContaining("expected a list");
    assertThat(ImageListWithAuth.parse("auth.yaml", "")).isEmpty();
  }

  @Test
  void yamlErrorsDoNotQuoteTheFile() {
    assertThatThrownBy(
            () ->
                ImageListWithAuth.parse(
                    "auth.yaml", "- username: u\n  password: hunter2: [\n  images: [a]\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("auth.yaml:2:")
        .hasMessageNotContaining("hunter2")
        .hasNoCause();
  }
}
