package io.sealer.runtime.kubernetes.pki;

import io.sealer.runtime.kubernetes.pki.Sans.San;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * One certificate kubeadm expects: where it lives (without {@code .crt}/{@code .key}), its subject,
 * what it may be used for, its SANs and the authority that signs it ({@code null} for an
 * authority).
 *
 * @param path file name under {@code pki/} without extension, e.g. {@code etcd/server}
 * @param commonName the subject's CN
 * @param organizations the subject's O values, in order
 * @param usage what the key may do
 * @param sans subject alternative names, in order
 * @param signer the path of the signing authority, or {@code ""} for a self-signed authority
 */
record CertSpec(
    String path,
    String commonName,
    List<String> organizations,
    Usage usage,
    Set<San> sans,
    String signer) {

  /** The key usages of kubeadm's certificates. */
  enum Usage {
    AUTHORITY,
    SERVER,
    CLIENT,
    SERVER_AND_CLIENT
  }

  CertSpec {
    organizations = List.copyOf(organizations);
    sans = Collections.unmodifiableSet(new LinkedHashSet<>(sans));
  }

  static CertSpec authority(String path, String commonName) {
    return new CertSpec(path, commonName, List.of(), Usage.AUTHORITY, Set.of(), "");
  }

  /**
   * A self-signed authority that also serves TLS under {@code sans} (Sealer's local registry
   * certificate: its own CA, trusted by the hosts, and the registry's server certificate).
   */
  static CertSpec servingAuthority(String path, String commonName, Set<San> sans) {
    return new CertSpec(path, commonName, List.of(), Usage.AUTHORITY, sans, "");
  }

  static CertSpec client(String path, String commonName, List<String> orgs, String signer) {
    return new CertSpec(path, commonName, orgs, Usage.CLIENT, Set.of(), signer);
  }

  boolean isAuthority() {
    return usage == Usage.AUTHORITY;
  }

  /** The subject as kubeadm writes it: the organizations first, then the common name. */
  X500Name subject() {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    for (String o : organizations) {
      name.addRDN(BCStyle.O, o);
    }
    name.addRDN(BCStyle.CN, commonName);
    return name.build();
  }
}
