package io.sealer.runtime.kubernetes.pki;

import static io.sealer.runtime.kubernetes.pki.SharedPki.MASTER0;
import static io.sealer.runtime.kubernetes.pki.SharedPki.MASTER1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A re-run keeps what is right, re-issues only what changed, and never replaces an authority. */
class PkiReuseTest {
  @Test
  void aSecondRunReusesEverythingAndChangesNoByte(@TempDir Path dir) throws IOException {
    Path pki = copyOfShared(dir);
    Map<String, byte[]> before = contents(pki);
    PkiReport again = SharedPki.cluster().build().writeCertificates(pki, MASTER0);
    assertThat(again.issued()).isEmpty();
    assertThat(again.reused()).hasSize(22);
    Map<String, byte[]> after = contents(pki);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void aNewSanReissuesOnlyTheApiServerCertificate(@TempDir Path dir) throws IOException {
    Path pki = copyOfShared(dir);
    Map<String, byte[]> before = contents(pki);
    PkiReport report =
        SharedPki.cluster()
            .certSans(List.of("k8s.example.com", "203.0.113.10", "new.example.com"))
            .build()
            .writeCertificates(pki, MASTER0);
    assertThat(report.issued()).containsExactly("apiserver.crt", "apiserver.key");
    Map<String, byte[]> after = contents(pki);
    for (String name : before.keySet()) {
      if (name.startsWith("apiserver.")) {
        assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
      } else {
        assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
      }
    }
    String text = Tools.text(pki.resolve("apiserver.crt"));
    assertThat(Tools.sans(text)).contains("DNS:new.example.com", "DNS:k8s.example.com");
    Tools.verify(pki.resolve("ca.crt"), pki.resolve("apiserver.crt"));
  }

  @Test
  void anotherMasterGetsTheSameAuthoritiesAndItsOwnServerCertificates(@TempDir Path dir) {
    Path shared = SharedPki.pki();
    Path pki = dir.resolve("pki");
    KubernetesPki cluster = SharedPki.cluster().build();
    cluster.copyAuthorities(shared, pki);
    PkiReport report = cluster.writeCertificates(pki, MASTER1);
    assertThat(report.reused())
        .contains("ca.crt", "ca.key", "front-proxy-ca.crt", "etcd/ca.key", "sa.key", "sa.pub");
    assertThat(report.issued()).contains("etcd/server.crt", "etcd/peer.crt", "apiserver.crt");
    for (String leaf : List.of("etcd/server", "etcd/peer")) {
      String text = Tools.text(pki.resolve(leaf + ".crt"));
      assertThat(Tools.field(text, "Subject:")).isEqualTo("CN = master1");
      assertThat(Tools.sans(text))
          .containsExactly(
              "DNS:master1",
              "DNS:localhost",
              "IP Address:192.168.0.3",
              "IP Address:127.0.0.1",
              "IP Address:0:0:0:0:0:0:0:1");
      // master0's etcd CA verifies master1's certificate: one etcd cluster
      Tools.verify(shared.resolve("etcd/ca.crt"), pki.resolve(leaf + ".crt"));
    }
    Tools.verify(shared.resolve("ca.crt"), pki.resolve("apiserver.crt"));
  }

  @Test
  void aLeafSignedByAnotherAuthorityOrWithAWrongKeyIsReissued(@TempDir Path dir)
      throws IOException {
    Path pki = copyOfShared(dir);
    // front-proxy-client.key replaced by another key: the pair no longer matches
    Files.copy(
        pki.resolve("apiserver-etcd-client.key"),
        pki.resolve("front-proxy-client.key"),
        StandardCopyOption.REPLACE_EXISTING);
    // a truncated certificate
    Files.writeString(
        pki.resolve("etcd/healthcheck-client.crt"), "-----BEGIN CERTIFICATE-----\nMIIB");
    PkiReport report = SharedPki.cluster().build().writeCertificates(pki, MASTER0);
    assertThat(report.issued())
        .containsExactlyInAnyOrder(
            "front-proxy-client.crt", "front-proxy-client.key",
            "etcd/healthcheck-client.crt", "etcd/healthcheck-client.key");
    Tools.keyMatches(pki.resolve("front-proxy-client.crt"), pki.resolve("front-proxy-client.key"));
    Tools.verify(pki.resolve("etcd/ca.crt"), pki.resolve("etcd/healthcheck-client.crt"));
  }

  @Test
  void aDamagedAuthorityIsAnErrorNeverReplaced(@TempDir Path dir) throws IOException {
    Path pki = copyOfShared(dir);
    byte[] caCrt = Files.readAllBytes(pki.resolve("ca.crt"));
    Files.delete(pki.resolve("ca.key"));
    KubernetesPki cluster = SharedPki.cluster().build();
    assertThatThrownBy(() -> cluster.writeCertificates(pki, MASTER0))
        .isInstanceOf(PkiException.class)
        .hasMessageStartingWith(
            "could not use the certificate authority "
                + pki.resolve("ca.crt")
                + ": ca.key is missing");
    assertThat(pki.resolve("ca.key")).doesNotExist();
    assertThat(Files.readAllBytes(pki.resolve("ca.crt"))).isEqualTo(caCrt);

    Files.copy(pki.resolve("front-proxy-ca.key"), pki.resolve("ca.key"));
    assertThatThrownBy(() -> cluster.writeCertificates(pki, MASTER0))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "could not use the certificate authority "
                + pki.resolve("ca.crt")
                + ": ca.key is not its private key");
    assertThat(Files.readAllBytes(pki.resolve("ca.crt"))).isEqualTo(caCrt);

    Files.copy(
        pki.resolve("apiserver.key"), pki.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        pki.resolve("apiserver.crt"), pki.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> cluster.writeCertificates(pki, MASTER0))
        .isInstanceOf(PkiException.class)
        .hasMessageEndingWith(": it is not a CA certificate");
  }

  @Test
  void anEtcdDirectoryThatIsASymlinkIsRefused(@TempDir Path dir) throws IOException {
    Path pki = Files.createDirectories(dir.resolve("pki"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(pki.resolve("etcd"), elsewhere);
    assertThatThrownBy(() -> SharedPki.cluster().build().writeCertificates(pki, MASTER0))
        .isInstanceOf(PkiException.class)
        .hasMessage("could not write certificates to " + pki.resolve("etcd") + ": not a directory");
    assertThat(elsewhere).isEmptyDirectory();
    assertThat(pki).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".key"));
  }

  static Path copyOfShared(Path dir) throws IOException {
    Path from = SharedPki.pki();
    Path to = dir.resolve("pki");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  static Map<String, byte[]> contents(Path pki) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(pki)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(pki.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
