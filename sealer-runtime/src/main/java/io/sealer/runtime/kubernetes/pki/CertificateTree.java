package io.sealer.runtime.kubernetes.pki;

import io.sealer.runtime.kubernetes.pki.CertSpec.Usage;
import io.sealer.runtime.kubernetes.pki.Sans.San;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates kubeadm expects under {@code /etc/kubernetes/pki} for one control-plane host,
 * with kubeadm's file names, subjects, usages and SANs (spec §6.3 step 2). The one place that says
 * which certificate is which.
 */
final class CertificateTree {
  static final String CA = "ca";
  static final String FRONT_PROXY_CA = "front-proxy-ca";
  static final String ETCD_CA = "etcd/ca";
  static final String SYSTEM_MASTERS = "system:masters";

  static final List<CertSpec> AUTHORITIES =
      List.of(
          CertSpec.authority(CA, "kubernetes"),
          CertSpec.authority(FRONT_PROXY_CA, "front-proxy-ca"),
          CertSpec.authority(ETCD_CA, "etcd-ca"));

  private CertificateTree() {}

  /** The leaf certificates of {@code node}, a control-plane host of the cluster {@code pki}. */
  static List<CertSpec> leaves(KubernetesPki pki, PkiNode node) {
    Set<San> etcd = new LinkedHashSet<>();
    etcd.add(Sans.dns(node.name()));
    etcd.add(Sans.dns("localhost"));
    etcd.add(Sans.ip(node.ip()));
    etcd.add(Sans.ip("127.0.0.1"));
    etcd.add(Sans.ip("::1"));
    return List.of(
        new CertSpec(
            "apiserver", "kube-apiserver", List.of(), Usage.SERVER, apiServerSans(pki, node), CA),
        CertSpec.client(
            "apiserver-kubelet-client",
            "kube-apiserver-kubelet-client",
            List.of(SYSTEM_MASTERS),
            CA),
        CertSpec.client("front-proxy-client", "front-proxy-client", List.of(), FRONT_PROXY_CA),
        new CertSpec("etcd/server", node.name(), List.of(), Usage.SERVER_AND_CLIENT, etcd, ETCD_CA),
        new CertSpec("etcd/peer", node.name(), List.of(), Usage.SERVER_AND_CLIENT, etcd, ETCD_CA),
        CertSpec.client(
            "etcd/healthcheck-client",
            "kube-etcd-healthcheck-client",
            List.of(SYSTEM_MASTERS),
            ETCD_CA),
        CertSpec.client(
            "apiserver-etcd-client",
            "kube-apiserver-etcd-client",
            List.of(SYSTEM_MASTERS),
            ETCD_CA));
  }

  /**
   * The API server's SANs: the Kubernetes service names and the service IP, localhost, the API
   * server domain and the VIP, every master (and {@code node}, if it is not one yet) by name and
   * IP, then the extra SANs.
   */
  static Set<San> apiServerSans(KubernetesPki pki, PkiNode node) {
    Set<San> sans = new LinkedHashSet<>();
    sans.add(Sans.dns("kubernetes"));
    sans.add(Sans.dns("kubernetes.default"));
    sans.add(Sans.dns("kubernetes.default.svc"));
    sans.add(Sans.dns("kubernetes.default.svc." + pki.dnsDomain()));
    sans.add(Sans.dns("localhost"));
    sans.add(Sans.dns(pki.apiServerDomain()));
    sans.add(Sans.ip(pki.serviceIp()));
    sans.add(Sans.ip("127.0.0.1"));
    sans.add(Sans.ip(pki.vip()));
    addNode(sans, node);
    for (PkiNode master : pki.masters()) {
      addNode(sans, master);
    }
    sans.addAll(pki.extraSans());
    return sans;
  }

  private static void addNode(Set<San> sans, PkiNode node) {
    sans.add(Sans.parse(node.name(), "host name"));
    sans.add(Sans.ip(node.ip()));
  }
}
