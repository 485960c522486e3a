package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sealer's Test_decodeImages and Test_decodeLine cases, and FormatImages. */
class ImageLineDecoderTest {

  @Test
  @DisplayName("Test_decodeImages: test get image from yaml")
  void decodeImagesKeepsOrderAndDuplicatesAndSkipsComments() {
    String body =
        "\n"
            + "          image: cn-app-integration:v1.0.0\n"
            + "          image: registry.cn-shanghai.aliyuncs.com/cnip/cn-app-integration:v1.0.0\n"
            + "          imagePullPolicy: Always\n"
            + "          image: cn-app-integration:v1.0.0\n"
            + "\t\t  # image: cn-app-integration:v1.0.0\n"
            + "          name: cn-app-demo";
    assertThat(ImageLineDecoder.decodeImages(body))
        .containsExactly(
            "cn-app-integration:v1.0.0",
            "registry.cn-shanghai.aliyuncs.com/cnip/cn-app-integration:v1.0.0",
            "cn-app-integration:v1.0.0");
  }

  @Test
  @DisplayName("Test_decodeLine: normal")
  void decodeLineNormal() {
    assertThat(
            ImageLineDecoder.decodeLine(
                "image: registry.cn-shanghai.aliyuncs.com/sealerio/foo:v1.0.0"))
        .isEqualTo("registry.cn-shanghai.aliyuncs.com/sealerio/foo:v1.0.0");
  }

  @Test
  @DisplayName("Test_decodeLine: withBlank")
  void decodeLineWithBlank() {
    assertThat(
            ImageLineDecoder.decodeLine(
                "    image: registry.cn-shanghai.aliyuncs.com/sealerio/foo:v1.0.0"))
        .isEqualTo("registry.cn-shanghai.aliyuncs.com/sealerio/foo:v1.0.0");
  }

  @Test
  @DisplayName("Test_decodeLine: withPrefix")
  void decodeLineWithPrefix() {
    assertThat(
            ImageLineDecoder.decodeLine(
                "vmagent-image: \"ack-agility-registry.cn-shanghai.cr.aliyuncs.com/sealerio/foo:v1.70.0\""))
        .isEqualTo("ack-agility-registry.cn-shanghai.cr.aliyuncs.com/sealerio/foo:v1.70.0");
  }

  @Test
  @DisplayName("Test_decodeLine: inArray")
  void decodeLineInArray() {
    assertThat(
            ImageLineDecoder.decodeLine(
                "- image: \"ack-agility-registry.cn-shanghai.cr.aliyuncs.com/sealerio/foo:v1.70.0\""))
        .isEqualTo("ack-agility-registry.cn-shanghai.cr.aliyuncs.com/sealerio/foo:v1.70.0");
  }

  @Test
  void decodeLineRejectsOtherKeysAndComments() {
    assertThat(ImageLineDecoder.decodeLine("imagePullPolicy: Always")).isEmpty();
    assertThat(ImageLineDecoder.decodeLine("# image: nginx")).isEmpty();
    assertThat(ImageLineDecoder.decodeLine("no colon here image")).isEmpty();
    assertThat(ImageLineDecoder.decodeLine("  image: nginx:1.25, ")).isEqualTo("nginx:1.25");
  }

  @Test
  void formatImagesTrimsQuotesDropsCommentsAndDuplicates() {
    assertThat(
            ImageLineDecoder.formatImages(
                List.of(" 'nginx:1' ", "\"busybox\"", "", "# comment", "nginx:1", "  ")))
        .containsExactly("nginx:1", "busybox");
  }
}
