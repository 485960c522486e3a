package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import org.junit.jupiter.api.Test;

/** The join arguments read from what {@code kubeadm init} prints (spec §6.3 step 5). */
class KubernetesDriverTest {
  private static final String HASH =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String KEY =
      "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  @Test
  void initOutputGivesTokenHashAndCertificateKey() {
    String out =
        "[upload-certs] Using certificate key:\n"
            + KEY
            + "\n[bootstrap-token] Using token: abcdef.0123456789abcdef\n\n"
            + "Your Kubernetes control-plane has initialized successfully!\n\n"
            + "You can now join any number of the control-plane node running the following"
            + " command on each as root:\n\n"
            + "  kubeadm join apiserver.cluster.local:6443 --token abcdef.0123456789abcdef \\\n"
            + "\t--discovery-token-ca-cert-hash "
            + HASH
            + " \\\n\t--control-plane --certificate-key "
            + KEY
            + "\n\nPlease note that the certificate-key gives access to cluster sensitive data\n"
            + "Then you can join any number of worker nodes by running the following:\n\n"
            + "kubeadm join apiserver.cluster.local:6443 --token other0.0000000000000000 \\\n"
            + "\t--discovery-token-ca-cert-hash "
            + HASH
            + " \n";
    KubernetesDriver.JoinInfo join = KubernetesDriver.parseInit("10.0.0.2", out);
    assertThat(join.token()).isEqualTo("abcdef.0123456789abcdef");
    assertThat(join.caCertHash()).isEqualTo(HASH);
    assertThat(join.certificateKey()).isEqualTo(KEY);
  }

  @Test
  void initOutputWithoutAControlPlaneJoinIsAnErrorNamingTheHost() {
    String out =
        "kubeadm join apiserver.cluster.local:6443 --token abcdef.0123456789abcdef \\\n"
            + "\t--discovery-token-ca-cert-hash "
            + HASH
            + " \n";
    assertThatThrownBy(() -> KubernetesDriver.parseInit("10.0.0.2", out))
        .isInstanceOf(SealerException.class)
        .hasMessage(
            "10.0.0.2: kubeadm init printed no control-plane join command with a certificate key");
  }
}
