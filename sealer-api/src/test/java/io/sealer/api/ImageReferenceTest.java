package io.sealer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  @ParameterizedTest
  @CsvSource({
    "nginx, docker.io/library/nginx:latest",
    "nginx:1.25, docker.io/library/nginx:1.25",
    "sealerio/kubernetes:v1.22.15, docker.io/sealerio/kubernetes:v1.22.15",
    "docker.io/nginx, docker.io/library/nginx:latest",
    "index.docker.io/library/nginx:1, docker.io/library/nginx:1",
    "localhost/app, localhost/app:latest",
    "localhost:5000/a/b/c:v1, localhost:5000/a/b/c:v1",
    "10.0.0.1:5000/x:y, 10.0.0.1:5000/x:y",
    "registry.k8s.io/kube-apiserver:v1.22.17, registry.k8s.io/kube-apiserver:v1.22.17",
    "sea.hub:5000/calico/cni:v3.19.1, sea.hub:5000/calico/cni:v3.19.1",
  })
  void normalises(String input, String expected) {
    assertThat(ImageReference.parse(input).toString()).isEqualTo(expected);
  }

  @Test
  void keepsDigestAndTag() {
    String hex = "a".repeat(64);
    ImageReference ref = ImageReference.parse("quay.io/a/b:v1@sha256:" + hex);
    assertThat(ref.registry()).isEqualTo("quay.io");
    assertThat(ref.repository()).isEqualTo("a/b");
    assertThat(ref.tag()).isEqualTo("v1");
    assertThat(ref.digest()).isEqualTo(Digest.sha256(hex));
    assertThat(ref.tagOrDigest()).isEqualTo("sha256:" + hex);
    ImageReference byDigest = ImageReference.parse("busybox@sha256:" + hex);
    assertThat(byDigest.tag()).isNull();
    assertThat(byDigest.toString()).isEqualTo("docker.io/library/busybox@sha256:" + hex);
  }

  @Test
  void upperCaseRepositoryIsRefusedClearly() {
    assertThatThrownBy(() -> ImageReference.parse("MyApp:v1"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage("invalid image reference \"MyApp:v1\": repository name must be lowercase");
  }

  @Test
  void upperCaseRegistryIsAllowed() {
    assertThat(ImageReference.parse("Registry.Example.com/app").registry())
        .isEqualTo("Registry.Example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "a:b:c",
        "nginx:",
        "nginx@sha256:abc",
        "/nginx",
        "nginx/",
        "a//b",
        "-a",
        "a:-x"
      })
  void refusesMalformed(String input) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("invalid image reference");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " nginx:1",
        "nginx:1 ",
        "nginx:1\t",
        "\nlocalhost/x",
        "localhost:65536/x:y",
        "localhost:99999/x",
        "registry.example.com:123456789012/x",
        "x@sha256:" + "a",
        "x:y@sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"
      })
  void followsDockerGrammarWithoutTrimmingOrBigPorts(String input) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("invalid image reference");
  }

  @Test
  void blanksAreNamedAndPortLimitsAreExact() {
    assertThatThrownBy(() -> ImageReference.parse(" a:b"))
        .hasMessageContaining("leading or trailing blanks");
    assertThatThrownBy(() -> ImageReference.parse("localhost:65536/a"))
        .hasMessageContaining("port 65536 is above 65535");
    assertThat(ImageReference.parse("localhost:65535/a").registry()).isEqualTo("localhost:65535");
    assertThat(ImageReference.parse("[::1]:5000/a/b:v1").registry()).isEqualTo("[::1]:5000");
    assertThat(ImageReference.parse("Host/app").registry())
        .as("an upper-case first component is a host, as in Docker")
        .isEqualTo("Host");
  }

  @Test
  void dockerHubApiHost() {
    assertThat(ImageReference.parse("nginx").registryApiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("localhost:5000/x").registryApiHost())
        .isEqualTo("localhost:5000");
  }

  @Test
  void withers() {
    ImageReference ref = ImageReference.parse("nginx:1");
    assertThat(ref.withTag("2").toString()).isEqualTo("docker.io/library/nginx:2");
    assertThat(ref.withRepository("other/app").toString()).isEqualTo("docker.io/other/app:1");
    assertThat(ref).isEqualTo(ImageReference.parse("docker.io/library/nginx:1"));
  }

  @Test
  void loopbackRegistries() {
    assertThat(ImageReference.parse("127.0.0.1:5000/a:b").isLoopbackRegistry()).isTrue();
    assertThat(ImageReference.parse("127.1.2.3/a:b").isLoopbackRegistry()).isTrue();
    assertThat(ImageReference.parse("localhost:5000/a:b").isLoopbackRegistry()).isTrue();
    assertThat(ImageReference.parse("docker.io/library/a:b").isLoopbackRegistry()).isFalse();
    assertThat(ImageReference.parse("127.example.com/a:b").isLoopbackRegistry()).isFalse();
    assertThat(ImageReference.parse("10.0.0.1:5000/a:b").isLoopbackRegistry()).isFalse();
  }
}
