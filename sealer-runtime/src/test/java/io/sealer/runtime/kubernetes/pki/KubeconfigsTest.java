package io.sealer.runtime.kubernetes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four kubeconfigs read back by the real {@code kubectl config view --raw}, their client
 * certificates checked against the CA by the real {@code openssl verify}.
 */
class KubeconfigsTest {
  @TempDir static Path dir;
  static Path pki;
  static PkiReport report;

  /** file -> user (the certificate's CN) and the subject openssl prints. */
  static final Map<String, List<String>> EXPECTED =
      Map.of(
          "admin.conf",
          List.of("kubernetes-admin", "O = system:masters, CN = kubernetes-admin"),
          "controller-manager.conf",
          List.of("system:kube-controller-manager", "CN = system:kube-controller-manager"),
          "scheduler.conf",
          List.of("system:kube-scheduler", "CN = system:kube-scheduler"),
          "kubelet.conf",
          List.of("system:node:master0", "O = system:nodes, CN = system:node:master0"));

  @BeforeAll
  static void write() {
    pki = SharedPki.pki();
    report = SharedPki.cluster().build().writeKubeconfigs(dir, pki, "master0");
  }

  @Test
  void kubectlReadsEveryKubeconfigAndItsClientCertificateChainsToTheCa() throws IOException {
    assumeTrue(
        Tools.hasKubectl(),
        "kubectl is not installed at " + Tools.KUBECTL + " (scripts/install-deps.sh installs it)");
    assertThat(report.issued())
        .containsExactly("admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf");
    for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
      Path conf = dir.resolve(e.getKey());
      String user = e.getValue().get(0);
      String context = user + "@kubernetes";
      assertThat(Tools.kubectl(conf, "{.current-context}")).isEqualTo(context);
      assertThat(Tools.kubectl(conf, "{.clusters[0].name}")).isEqualTo("kubernetes");
      assertThat(Tools.kubectl(conf, "{.clusters[0].cluster.server}"))
          .isEqualTo("https://apiserver.cluster.local:6443");
      assertThat(Tools.kubectl(conf, "{.contexts[0].name}")).isEqualTo(context);
      assertThat(Tools.kubectl(conf, "{.contexts[0].context.cluster}")).isEqualTo("kubernetes");
      assertThat(Tools.kubectl(conf, "{.contexts[0].context.user}")).isEqualTo(user);
      assertThat(Tools.kubectl(conf, "{.users[0].name}")).isEqualTo(user);

      byte[] ca = decode(Tools.kubectl(conf, "{.clusters[0].cluster.certificate-authority-data}"));
      assertThat(ca).isEqualTo(Files.readAllBytes(pki.resolve("ca.crt")));
      Path crt = dir.resolve(e.getKey() + ".client.crt");
      Path key = dir.resolve(e.getKey() + ".client.key");
      Files.write(crt, decode(Tools.kubectl(conf, "{.users[0].user.client-certificate-data}")));
      Files.write(key, decode(Tools.kubectl(conf, "{.users[0].user.client-key-data}")));
      Tools.verify(pki.resolve("ca.crt"), crt);
      Tools.keyMatches(crt, key);
      String text = Tools.text(crt);
      assertThat(Tools.field(text, "Subject:")).isEqualTo(e.getValue().get(1));
      assertThat(Tools.field(text, "Issuer:")).isEqualTo("CN = kubernetes");
      assertThat(Tools.extension(text, "X509v3 Extended Key Usage:"))
          .isEqualTo("| TLS Web Client Authentication");
      assertThat(Tools.field(text, "Public-Key:")).isEqualTo("(2048 bit)");
    }
  }

  @Test
  void kubeconfigsAreOnlyForTheOwner() throws IOException {
    for (String name : EXPECTED.keySet()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
    }
  }

  @Test
  void theServerAndClusterNameAreConfigurable(@TempDir Path other) {
    assumeTrue(Tools.hasKubectl(), "kubectl is not installed at " + Tools.KUBECTL);
    SharedPki.cluster()
        .server("https://10.0.0.9:8443")
        .clusterName("prod")
        .build()
        .writeKubeconfigs(other, pki, "10.0.0.9");
    Path kubelet = other.resolve("kubelet.conf");
    assertThat(Tools.kubectl(kubelet, "{.clusters[0].cluster.server}"))
        .isEqualTo("https://10.0.0.9:8443");
    assertThat(Tools.kubectl(kubelet, "{.current-context}")).isEqualTo("system:node:10.0.0.9@prod");
  }

  @Test
  void refusesANodeNameThatIsNotADnsNameAndAMissingCa(@TempDir Path other) {
    KubernetesPki cluster = SharedPki.cluster().build();
    assertThatThrownBy(() -> cluster.writeKubeconfigs(other, pki, "evil\nname"))
        .isInstanceOf(PkiException.class)
        .hasMessage("could not write kubeconfigs for node 'evil\\u000aname': not a DNS name or IP");
    assertThatThrownBy(() -> cluster.writeKubeconfigs(other, pki, "../etc"))
        .isInstanceOf(PkiException.class);
    assertThatThrownBy(() -> cluster.writeKubeconfigs(other, other, "master0"))
        .isInstanceOf(PkiException.class)
        .hasMessage("could not write kubeconfigs: no matching ca.crt and ca.key in " + other);
    assertThat(other).isEmptyDirectory();
  }

  @Test
  void aReRunKeepsKubeconfigsThatStillFitAndRewritesThoseThatDoNot(@TempDir Path other)
      throws IOException {
    for (String name : EXPECTED.keySet()) {
      Files.copy(dir.resolve(name), other.resolve(name));
    }
    byte[] admin = Files.readAllBytes(other.resolve("admin.conf"));
    KubernetesPki cluster = SharedPki.cluster().build();
    PkiReport again = cluster.writeKubeconfigs(other, pki, "master0");
    assertThat(again.issued()).isEmpty();
    assertThat(again.reused()).hasSize(4);
    assertThat(Files.readAllBytes(other.resolve("admin.conf"))).isEqualTo(admin);

    // another node name: only kubelet.conf changes; a mangled scheduler.conf is written anew
    Files.writeString(other.resolve("scheduler.conf"), "apiVersion: v1\nclusters: [");
    PkiReport renamed = cluster.writeKubeconfigs(other, pki, "master1");
    assertThat(renamed.issued()).containsExactly("scheduler.conf", "kubelet.conf");
    assertThat(Files.readAllBytes(other.resolve("admin.conf"))).isEqualTo(admin);

    // another server: every file is written anew
    PkiReport moved =
        SharedPki.cluster()
            .server("https://10.0.0.9:6443")
            .build()
            .writeKubeconfigs(other, pki, "master1");
    assertThat(moved.issued()).hasSize(4);
  }

  @Test
  void aKubeconfigWhoseClientCertificateAnotherAuthoritySignedIsWrittenAnew(@TempDir Path other)
      throws IOException {
    for (String name : EXPECTED.keySet()) {
      Files.copy(dir.resolve(name), other.resolve(name));
    }
    // admin.conf naming the right CA (data and issuer) but signed by another key: a forgery
    Authority forger =
        new Authority(
            "ca",
            PemFiles.readCertificate(pki.resolve("ca.crt")),
            PemFiles.readPrivateKey(pki.resolve("front-proxy-ca.key")));
    new KubeconfigWriter(Clock.systemUTC(), Duration.ofDays(1))
        .write(
            other.resolve("admin.conf"),
            CertSpec.client("admin", "kubernetes-admin", List.of("system:masters"), ""),
            forger,
            "https://apiserver.cluster.local:6443",
            "kubernetes");
    assertThat(
            Tools.run(
                    "openssl",
                    "verify",
                    "-CAfile",
                    pki.resolve("ca.crt").toString(),
                    clientCert(other, "admin.conf"))
                .exit())
        .isNotZero();
    PkiReport report = SharedPki.cluster().build().writeKubeconfigs(other, pki, "master0");
    assertThat(report.issued()).containsExactly("admin.conf");
    Tools.verify(pki.resolve("ca.crt"), Path.of(clientCert(other, "admin.conf")));
  }

  /** The client certificate of a kubeconfig, written beside it (found by line, not by our code). */
  static String clientCert(Path dir, String conf) throws IOException {
    String data =
        Files.readAllLines(dir.resolve(conf)).stream()
            .filter(l -> l.trim().startsWith("client-certificate-data:"))
            .findFirst()
            .orElseThrow()
            .trim()
            .substring("client-certificate-data:".length())
            .trim();
    Path crt = dir.resolve(conf + ".pem");
    Files.write(crt, decode(data));
    return crt.toString();
  }

  static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64.trim());
  }
}
