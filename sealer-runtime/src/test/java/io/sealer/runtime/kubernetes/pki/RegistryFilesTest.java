package io.sealer.runtime.kubernetes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFilesTest {
  private static final LocalRegistry REG =
      new LocalRegistry(
          "sea.hub",
          5000,
          "admin",
          "s3cret pass",
          true,
          false,
          List.of("r.example.com"),
          List.of("192.0.2.7"));

  @TempDir Path dir;

  @Test
  void makesHtpasswdAndCertificateOnceAndCopiesThemIntoEveryRootfs() throws Exception {
    Path kept = dir.resolve("kept");
    Path rootfs1 = dir.resolve("rootfs1");
    RegistryFiles.ensure(rootfs1, kept, REG);
    String line = Files.readString(rootfs1.resolve("etc/registry_htpasswd")).strip();
    assertThat(line).startsWith("admin:$2y$10$").doesNotContain("s3cret");
    assertThat(OpenBSDBCrypt.checkPassword(line.substring(6), "s3cret pass".toCharArray()))
        .isTrue();
    X509Certificate cert = PemFiles.readCertificate(rootfs1.resolve("certs/sea.hub.crt"));
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=registry-ca");
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
        .contains("sea.hub", "r.example.com", "192.0.2.7");
    assertThat(cert.getNotAfter().toInstant())
        .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(36_000)));
    PemFiles.readPrivateKey(rootfs1.resolve("certs/sea.hub.key"));

    Path rootfs2 = dir.resolve("rootfs2");
    RegistryFiles.ensure(rootfs2, kept, REG);
    assertThat(Files.readString(rootfs2.resolve("certs/sea.hub.crt")))
        .isEqualTo(Files.readString(rootfs1.resolve("certs/sea.hub.crt")));
  }

  @Test
  void theImagesOwnPairIsKeptAndHalfAPairIsRefused() throws Exception {
    Path image = dir.resolve("image");
    RegistryFiles.ensure(image, dir.resolve("other"), REG);
    String own = Files.readString(image.resolve("certs/sea.hub.crt"));
    RegistryFiles.ensure(image, dir.resolve("kept"), REG);
    assertThat(Files.readString(image.resolve("certs/sea.hub.crt"))).isEqualTo(own);
    assertThat(dir.resolve("kept/certs")).doesNotExist();

    Files.delete(image.resolve("certs/sea.hub.key"));
    assertThatThrownBy(() -> RegistryFiles.ensure(image, dir.resolve("kept"), REG))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("only " + image.resolve("certs/sea.hub.crt") + " is there");
  }

  @Test
  void anInsecureRegistryWithoutUserGetsNothing() {
    Path rootfs = dir.resolve("rootfs");
    RegistryFiles.ensure(
        rootfs,
        dir.resolve("kept"),
        new LocalRegistry("sea.hub", 5000, null, null, true, true, List.of(), List.of()));
    assertThat(rootfs).doesNotExist();
  }
}
