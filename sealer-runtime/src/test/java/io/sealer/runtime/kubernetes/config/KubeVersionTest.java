package io.sealer.runtime.kubernetes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The version boundaries of spec §4.7's apiVersion rule, and v1beta4 from v1.31. */
class KubeVersionTest {
  @ParameterizedTest
  @CsvSource({
    "v1.14.9, kubeadm.k8s.io/v1beta1",
    "v1.15.0, kubeadm.k8s.io/v1beta1",
    "v1.15.1, kubeadm.k8s.io/v1beta2",
    "v1.19.8, kubeadm.k8s.io/v1beta2",
    "v1.22.15, kubeadm.k8s.io/v1beta2",
    "v1.23.0, kubeadm.k8s.io/v1beta2",
    "v1.23.1, kubeadm.k8s.io/v1beta3",
    "1.25.3, kubeadm.k8s.io/v1beta3",
    "v1.30.14, kubeadm.k8s.io/v1beta3",
    "v1.31.0-rc.1, kubeadm.k8s.io/v1beta4",
    "v1.31.0, kubeadm.k8s.io/v1beta4",
    "v1.33.9, kubeadm.k8s.io/v1beta4",
    "v2.0, kubeadm.k8s.io/v1beta4"
  })
  void apiVersionByKubernetesVersion(String version, String apiVersion) {
    assertThat(KubeVersion.parse(version, "test").kubeadmApiVersion()).isEqualTo(apiVersion);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "latest", "v1", "v1.x.0", "1.22.15\nkind: x", "v99999.1.1"})
  void whatIsNotAVersionIsRefusedInOneLine(String text) {
    assertThatThrownBy(() -> KubeVersion.parse(text, "etc/kubeadm.yml"))
        .isInstanceOf(SealerException.class)
        .hasMessageStartingWith("could not read kubernetesVersion")
        .hasMessageNotContaining("\n");
  }
}
