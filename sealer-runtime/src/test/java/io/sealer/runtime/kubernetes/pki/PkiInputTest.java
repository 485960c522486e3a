package io.sealer.runtime.kubernetes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile or mistaken input is refused with one clear line, before any key is made. */
class PkiInputTest {
  @Test
  void hostNamesWithNewlinesSlashesOrSpacesAreRefused() {
    assertThatThrownBy(() -> new PkiNode("master0\nevil", "10.0.0.2"))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "could not make certificates for host 10.0.0.2: host name 'master0\\u000aevil' is not a"
                + " DNS name");
    for (String bad : List.of("a/b", "../etc", "", "a b", "-a", "a..b", "x".repeat(64), "*.a")) {
      assertThatThrownBy(() -> new PkiNode(bad, "10.0.0.2"))
          .as(bad)
          .isInstanceOf(PkiException.class);
    }
    assertThatThrownBy(() -> new PkiNode("master0", "10.0.0.300"))
        .isInstanceOf(PkiException.class)
        .hasMessage("could not make certificates for host '10.0.0.300': not an IP address");
  }

  @Test
  void validNamesAndAddressesAreNormalised() {
    assertThat(new PkiNode("Master-0.example.com", "fd00:0:0::2").ip()).isEqualTo("fd00::2");
    assertThat(new PkiNode("10.0.0.2", "10.0.0.2").name()).isEqualTo("10.0.0.2");
  }

  @Test
  void badSettingsAreRefusedNamingTheValue() {
    assertThatThrownBy(
            () -> KubernetesPki.builder().certSans(List.of("ok.example.com", "bad name")).build())
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "could not make certificates: extra SAN 'bad name' is neither an IP nor a DNS name");
    assertThatThrownBy(() -> KubernetesPki.builder().serviceCidr("10.96.0.0").build())
        .hasMessage("could not make certificates: invalid service CIDR '10.96.0.0'");
    assertThatThrownBy(() -> KubernetesPki.builder().serviceCidr("10.96.0.0/99").build())
        .isInstanceOf(PkiException.class);
    assertThatThrownBy(() -> KubernetesPki.builder().vip("apiserver").build())
        .hasMessage("could not make certificates: invalid VIP 'apiserver'");
    assertThatThrownBy(() -> KubernetesPki.builder().dnsDomain("cluster.local\n").build())
        .hasMessage("could not make certificates: invalid DNS domain 'cluster.local\\u000a'");
    assertThatThrownBy(
            () -> KubernetesPki.builder().server("http://apiserver.cluster.local:6443").build())
        .isInstanceOf(PkiException.class);
    assertThatThrownBy(() -> KubernetesPki.builder().clusterName("a: b").build())
        .isInstanceOf(PkiException.class);
  }

  @Test
  void theApiServerSansFollowTheServiceCidrAndDomain() {
    KubernetesPki pki =
        KubernetesPki.builder()
            .serviceCidr("fd00:10:96::/108,10.96.0.0/16")
            .dnsDomain("corp.internal")
            .vip("fd00::100")
            .certSans(List.of("*.apps.example.com", "2001:DB8::1"))
            .build();
    assertThat(CertificateTree.apiServerSans(pki, new PkiNode("m0", "10.0.0.2")))
        .extracting(Object::toString)
        .contains(
            "DNS:kubernetes.default.svc.corp.internal",
            "IP:fd00:10:96::1",
            "IP:fd00::100",
            "DNS:*.apps.example.com",
            "IP:2001:db8::1",
            "DNS:m0",
            "IP:10.0.0.2");
  }
}
