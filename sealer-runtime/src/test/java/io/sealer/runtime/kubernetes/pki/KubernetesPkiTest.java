package io.sealer.runtime.kubernetes.pki;

import static io.sealer.runtime.kubernetes.pki.Tools.extension;
import static io.sealer.runtime.kubernetes.pki.Tools.field;
import static io.sealer.runtime.kubernetes.pki.Tools.sans;
import static io.sealer.runtime.kubernetes.pki.Tools.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every certificate checked by the real {@code openssl} (subject, issuer, SANs, usages, validity,
 * chain, key pair). One tree is made once and shared, so the 2048-bit keys are made only once.
 */
class KubernetesPkiTest {
  static final Instant NOW = SharedPki.NOW;
  static final PkiNode MASTER0 = SharedPki.MASTER0;
  static final String CLIENT = "TLS Web Client Authentication";
  static final String SERVER = "TLS Web Server Authentication";

  static Path pki;

  static KubernetesPki.Builder cluster() {
    return SharedPki.cluster();
  }

  @BeforeAll
  static void makeTree() {
    pki = SharedPki.pki();
  }

  /** subject, issuer, extended key usage (empty for a CA), SANs (empty for none). */
  record Expect(String subject, String issuer, String usage, List<String> sans) {}

  static final List<String> ETCD_SANS =
      List.of(
          "DNS:master0",
          "DNS:localhost",
          "IP Address:192.168.0.2",
          "IP Address:127.0.0.1",
          "IP Address:0:0:0:0:0:0:0:1");

  static final Map<String, Expect> EXPECTED =
      Map.ofEntries(
          Map.entry("ca", new Expect("CN = kubernetes", "CN = kubernetes", "", List.of())),
          Map.entry(
              "apiserver",
              new Expect(
                  "CN = kube-apiserver",
                  "CN = kubernetes",
                  SERVER,
                  List.of(
                      "DNS:kubernetes",
                      "DNS:kubernetes.default",
                      "DNS:kubernetes.default.svc",
                      "DNS:kubernetes.default.svc.cluster.local",
                      "DNS:localhost",
                      "DNS:apiserver.cluster.local",
                      "IP Address:10.100.0.1",
                      "IP Address:127.0.0.1",
                      "IP Address:10.103.97.2",
                      "DNS:master0",
                      "IP Address:192.168.0.2",
                      "DNS:master1",
                      "IP Address:192.168.0.3",
                      "DNS:k8s.example.com",
                      "IP Address:203.0.113.10"))),
          Map.entry(
              "apiserver-kubelet-client",
              new Expect(
                  "O = system:masters, CN = kube-apiserver-kubelet-client",
                  "CN = kubernetes",
                  CLIENT,
                  List.of())),
          Map.entry(
              "front-proxy-ca",
              new Expect("CN = front-proxy-ca", "CN = front-proxy-ca", "", List.of())),
          Map.entry(
              "front-proxy-client",
              new Expect("CN = front-proxy-client", "CN = front-proxy-ca", CLIENT, List.of())),
          Map.entry("etcd/ca", new Expect("CN = etcd-ca", "CN = etcd-ca", "", List.of())),
          Map.entry(
              "etcd/server",
              new Expect("CN = master0", "CN = etcd-ca", SERVER + ", " + CLIENT, ETCD_SANS)),
          Map.entry(
              "etcd/peer",
              new Expect("CN = master0", "CN = etcd-ca", SERVER + ", " + CLIENT, ETCD_SANS)),
          Map.entry(
              "etcd/healthcheck-client",
              new Expect(
                  "O = system:masters, CN = kube-etcd-healthcheck-client",
                  "CN = etcd-ca",
                  CLIENT,
                  List.of())),
          Map.entry(
              "apiserver-etcd-client",
              new Expect(
                  "O = system:masters, CN = kube-apiserver-etcd-client",
                  "CN = etcd-ca",
                  CLIENT,
                  List.of())));

  static Path caOf(String path) {
    String issuer = EXPECTED.get(path).issuer();
    return pki.resolve(
        switch (issuer) {
          case "CN = kubernetes" -> "ca.crt";
          case "CN = front-proxy-ca" -> "front-proxy-ca.crt";
          default -> "etcd/ca.crt";
        });
  }

  @Test
  void everyCertificateIsWhatKubeadmExpectsAsOpensslReadsIt() {
    for (Map.Entry<String, Expect> e : EXPECTED.entrySet()) {
      Path crt = pki.resolve(e.getKey() + ".crt");
      Expect want = e.getValue();
      String text = text(crt);
      String as = e.getKey() + ":\n" + text;
      assertThat(field(text, "Subject:")).as(as).isEqualTo(want.subject());
      assertThat(field(text, "Issuer:")).as(as).isEqualTo(want.issuer());
      assertThat(field(text, "Public-Key:")).as(as).isEqualTo("(2048 bit)");
      assertThat(field(text, "Signature Algorithm:")).as(as).isEqualTo("sha256WithRSAEncryption");
      if (want.usage().isEmpty()) {
        assertThat(extension(text, "X509v3 Basic Constraints:"))
            .as(as)
            .isEqualTo("critical | CA:TRUE");
        assertThat(extension(text, "X509v3 Key Usage:"))
            .as(as)
            .isEqualTo("critical | Digital Signature, Key Encipherment, Certificate Sign");
        assertThat(extension(text, "X509v3 Extended Key Usage:")).as(as).isEmpty();
      } else {
        assertThat(extension(text, "X509v3 Basic Constraints:"))
            .as(as)
            .isEqualTo("critical | CA:FALSE");
        assertThat(extension(text, "X509v3 Key Usage:"))
            .as(as)
            .isEqualTo("critical | Digital Signature, Key Encipherment");
        assertThat(extension(text, "X509v3 Extended Key Usage:"))
            .as(as)
            .isEqualTo("| " + want.usage());
        assertThat(extension(text, "X509v3 Authority Key Identifier:")).as(as).isNotEmpty();
      }
      assertThat(sans(text)).as(as).containsExactlyElementsOf(want.sans());
      Tools.verify(caOf(e.getKey()), crt);
      Tools.keyMatches(crt, pki.resolve(e.getKey() + ".key"));
    }
  }

  @Test
  void validityIsAHundredYearsFromNowByDefault() {
    for (String path : EXPECTED.keySet()) {
      String dates =
          Tools.ok(
              "openssl", "x509", "-noout", "-dates", "-in", pki.resolve(path + ".crt").toString());
      assertThat(date(dates, "notBefore=")).as(path).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
      assertThat(date(dates, "notAfter=")).as(path).isEqualTo(NOW.plus(Duration.ofDays(36_500)));
    }
  }

  @Test
  void leafValidityIsConfigurableAndNeverOutlivesTheAuthority(@TempDir Path dir) {
    KubernetesPki oneYear = cluster().certificateValidity(Duration.ofDays(365)).build();
    oneYear.copyAuthorities(pki, dir);
    oneYear.writeCertificates(dir, MASTER0);
    String dates =
        Tools.ok(
            "openssl", "x509", "-noout", "-dates", "-in", dir.resolve("apiserver.crt").toString());
    assertThat(date(dates, "notAfter=")).isEqualTo(NOW.plus(Duration.ofDays(365)));
    String ca =
        Tools.ok("openssl", "x509", "-noout", "-dates", "-in", dir.resolve("ca.crt").toString());
    assertThat(date(ca, "notAfter=")).isEqualTo(NOW.plus(Duration.ofDays(36_500)));

    Path capped = dir.resolve("capped");
    KubernetesPki shortCa =
        cluster()
            .authorityValidity(Duration.ofDays(30))
            .certificateValidity(Duration.ofDays(365))
            .build();
    shortCa.writeCertificates(capped, MASTER0);
    String leaf =
        Tools.ok(
            "openssl",
            "x509",
            "-noout",
            "-dates",
            "-in",
            capped.resolve("etcd/server.crt").toString());
    assertThat(date(leaf, "notAfter=")).isEqualTo(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void writesExactlyKubeadmsFilesWithPrivateKeysOnlyForTheOwner() throws IOException {
    try (Stream<Path> files = Files.walk(pki)) {
      List<String> names =
          files
              .filter(Files::isRegularFile)
              .map(p -> pki.relativize(p).toString())
              .sorted()
              .toList();
      assertThat(names)
          .containsExactly(
              "apiserver-etcd-client.crt", "apiserver-etcd-client.key",
              "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key",
              "apiserver.crt", "apiserver.key",
              "ca.crt", "ca.key",
              "etcd/ca.crt", "etcd/ca.key",
              "etcd/healthcheck-client.crt", "etcd/healthcheck-client.key",
              "etcd/peer.crt", "etcd/peer.key",
              "etcd/server.crt", "etcd/server.key",
              "front-proxy-ca.crt", "front-proxy-ca.key",
              "front-proxy-client.crt", "front-proxy-client.key",
              "sa.key", "sa.pub");
      for (String name : names) {
        String mode =
            PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(name)));
        assertThat(mode).as(name).isEqualTo(name.endsWith(".key") ? "rw-------" : "rw-r--r--");
      }
    }
    assertThat(SharedPki.firstReport().issued()).hasSize(22);
    assertThat(SharedPki.firstReport().reused()).isEmpty();
    assertThat(Files.readString(pki.resolve("ca.key")))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(pki.resolve("sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
    // sa.pub is the public half of sa.key, as openssl derives it
    assertThat(Tools.ok("openssl", "pkey", "-pubout", "-in", pki.resolve("sa.key").toString()))
        .isEqualTo(Files.readString(pki.resolve("sa.pub")));
    assertThat(
            Tools.ok("openssl", "rsa", "-check", "-noout", "-in", pki.resolve("sa.key").toString()))
        .contains("RSA key ok");
  }

  static Instant date(String openssl, String label) {
    String value = field(openssl, label).replaceAll("\\s+", " ");
    return ZonedDateTime.parse(
            value, DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ROOT))
        .toInstant();
  }
}
