package io.sealer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

  @ParameterizedTest
  @CsvSource({
    "x86_64, linux/amd64",
    "aarch64, linux/arm64",
    "armv7l, linux/arm/v7",
    "armv6l, linux/arm/v6",
  })
  void mapsUname(String machine, String expected) {
    assertThat(Platform.fromUname(machine).toString()).isEqualTo(expected);
  }

  @Test
  void parses() {
    assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.LINUX_AMD64);
    assertThat(Platform.parse("linux/arm64/v8").variant()).isEqualTo("v8");
    assertThat(Platform.parse("arm64")).isEqualTo(Platform.LINUX_ARM64);
    assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.LINUX_AMD64);
    assertThatThrownBy(() -> Platform.parse("linux/"))
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> Platform.parse("a/b/c/d"))
        .hasMessageContaining("expected os/arch[/variant]");
    assertThatThrownBy(() -> Platform.fromUname("pdp11")).hasMessageContaining("unknown machine");
  }

  @Test
  void arm64IgnoresVariantWhenMatching() {
    assertThat(Platform.LINUX_ARM64.matches(Platform.parse("linux/arm64/v8"))).isTrue();
    assertThat(Platform.parse("linux/arm/v7").matches(Platform.parse("linux/arm/v6"))).isFalse();
    assertThat(Platform.LINUX_AMD64.matches(Platform.LINUX_ARM64)).isFalse();
  }

  @Test
  void hostIsKnown() {
    assertThat(Platform.host().os()).isNotBlank();
    assertThat(Platform.host().architecture())
        .isIn("amd64", "arm64", "ppc64le", "s390x", "riscv64");
  }
}
