package io.sealer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void computesSha256() {
    assertThat(Digest.sha256Of("").toString())
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void parsesAndRefuses() {
    Digest d = Digest.parse("sha256:" + "0".repeat(64));
    assertThat(d.shortHex()).isEqualTo("000000000000");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("lower-case hex");
    assertThatThrownBy(() -> Digest.parse("md5:abc")).hasMessageContaining("unsupported algorithm");
    assertThatThrownBy(() -> Digest.parse("../../etc/passwd"))
        .isInstanceOf(InvalidReferenceException.class);
  }
}
