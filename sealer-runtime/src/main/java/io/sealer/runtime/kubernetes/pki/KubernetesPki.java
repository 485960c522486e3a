package io.sealer.runtime.kubernetes.pki;

import io.sealer.api.cluster.IpList;
import io.sealer.filesystem.AtomicFiles;
import io.sealer.runtime.kubernetes.pki.Sans.San;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Kubernetes cluster's certificates and kubeconfigs, made here before kubeadm runs on the hosts
 * (spec §6.3 steps 2-3). Build one per cluster with {@link #builder()}, then:
 *
 * <ul>
 *   <li>{@link #writeCertificates} fills a directory laid out as kubeadm's {@code
 *       /etc/kubernetes/pki} for one master (authorities reused if present, leaves re-issued when
 *       their SANs or authority changed);
 *   <li>{@link #copyAuthorities} gives another master's directory the same authorities and
 *       service-account keys, before its own {@code writeCertificates};
 *   <li>{@link #writeKubeconfigs} writes {@code admin.conf}, {@code controller-manager.conf},
 *       {@code scheduler.conf} and {@code kubelet.conf} signed by that directory's CA.
 * </ul>
 *
 * Keys are RSA 2048 as kubeadm makes them, written 0600; every file is written atomically.
 */
public final class KubernetesPki {
  /** The API server's domain, which every host resolves through {@code /etc/hosts}. */
  public static final String API_SERVER_DOMAIN = "apiserver.cluster.local";

  /** The default IPv4 VIP that lvscare serves on workers. */
  public static final String DEFAULT_VIP = "10.103.97.2";

  /** Sealer's validity for authorities and certificates: 100 years. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(36_500);

  private static final List<String> KUBECONFIGS =
      List.of("admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf");

  private final List<PkiNode> masters;
  private final String serviceIp;
  private final String dnsDomain;
  private final String apiServerDomain;
  private final String vip;
  private final List<San> extraSans;
  private final String server;
  private final String clusterName;
  private final Duration authorityValidity;
  private final Duration certificateValidity;
  private final Clock clock;

  private KubernetesPki(Builder b) {
    this.masters = List.copyOf(b.masters);
    this.dnsDomain = b.dnsDomain.toLowerCase(Locale.ROOT);
    this.apiServerDomain = b.apiServerDomain.toLowerCase(Locale.ROOT);
    this.clusterName = b.clusterName;
    this.authorityValidity = b.authorityValidity;
    this.certificateValidity = b.certificateValidity;
    this.clock = b.clock;
    check(Sans.isDnsName(dnsDomain, false), "DNS domain", b.dnsDomain);
    check(Sans.isDnsName(apiServerDomain, false), "API server domain", b.apiServerDomain);
    check(IpList.isIp(b.vip), "VIP", b.vip);
    this.vip = IpList.parse(b.vip).get(0);
    check(clusterName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}"), "cluster name", clusterName);
    check(
        !authorityValidity.isNegative() && !authorityValidity.isZero(),
        "validity",
        "" + authorityValidity);
    check(
        !certificateValidity.isNegative() && !certificateValidity.isZero(),
        "validity",
        "" + certificateValidity);
    this.serviceIp = serviceIp(b.serviceCidr);
    List<San> sans = new ArrayList<>();
    for (String san : b.certSans) {
      if (!san.isBlank()) {
        sans.add(Sans.parse(san, "extra SAN"));
      }
    }
    this.extraSans = List.copyOf(sans);
    this.server = server(b.server);
  }

  /** A builder with Sealer's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Makes or completes the certificates of master {@code master} in {@code pkiDir} (the future
   * {@code /etc/kubernetes/pki}): {@code ca}, {@code front-proxy-ca}, {@code etcd/ca}, {@code
   * apiserver}, {@code apiserver-kubelet-client}, {@code front-proxy-client}, {@code etcd/server},
   * {@code etcd/peer}, {@code etcd/healthcheck-client}, {@code apiserver-etcd-client} ({@code .crt}
   * and {@code .key} each) and {@code sa.key}/{@code sa.pub}.
   *
   * @throws PkiException if an authority on disk is damaged or a file cannot be written
   */
  public PkiReport writeCertificates(Path pkiDir, PkiNode master) {
    PkiWriter.checkDirectory(pkiDir);
    PkiWriter.checkDirectory(pkiDir.resolve("etcd"));
    PkiWriter writer = new PkiWriter(clock, authorityValidity, certificateValidity);
    Map<String, Authority> authorities = new HashMap<>();
    for (CertSpec spec : CertificateTree.AUTHORITIES) {
      authorities.put(spec.path(), writer.authority(pkiDir, spec));
    }
    for (CertSpec leaf : CertificateTree.leaves(this, master)) {
      writer.leaf(pkiDir, leaf, authorities.get(leaf.signer()));
    }
    writer.serviceAccount(pkiDir);
    return writer.report();
  }

  /**
   * Copies the three authorities and the service-account keys from {@code fromPkiDir} to {@code
   * toPkiDir}, so that another master's certificates are signed by the same CAs. Leaves are not
   * copied: {@link #writeCertificates} issues that master's own.
   */
  public void copyAuthorities(Path fromPkiDir, Path toPkiDir) {
    PkiWriter.checkDirectory(toPkiDir);
    PkiWriter.checkDirectory(toPkiDir.resolve("etcd"));
    List<String> files = new ArrayList<>(List.of("sa.key", "sa.pub"));
    for (CertSpec spec : CertificateTree.AUTHORITIES) {
      files.add(spec.path() + ".crt");
      files.add(spec.path() + ".key");
    }
    for (String file : files) {
      Path from = fromPkiDir.resolve(file);
      if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
        throw new PkiException(
            "could not copy the certificate authorities: " + from + " is missing");
      }
      try {
        byte[] content = Files.readAllBytes(from);
        AtomicFiles.write(
            toPkiDir.resolve(file),
            content,
            file.endsWith(".key") ? PemFiles.PRIVATE : PemFiles.PUBLIC);
      } catch (IOException e) {
        throw new PkiException(
            "could not copy " + from + " to " + toPkiDir + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes {@code admin.conf} (user {@code kubernetes-admin}, group {@code system:masters}), {@code
   * controller-manager.conf}, {@code scheduler.conf} and {@code kubelet.conf} (user {@code
   * system:node:<nodeName>}, group {@code system:nodes}) into {@code dir}, each with a new client
   * certificate signed by the CA in {@code pkiDir} and the server URL of this cluster. A file that
   * already holds exactly that (same server, names and CA; its client certificate unexpired and
   * signed by that CA) is kept, so a re-run changes nothing.
   *
   * @return the four file names, as issued or reused
   * @throws PkiException if the CA is missing or damaged, the node name is not a DNS name or IP, or
   *     a file cannot be written
   */
  public PkiReport writeKubeconfigs(Path dir, Path pkiDir, String nodeName) {
    if (!Sans.isDnsName(nodeName, false) && !IpList.isIp(nodeName)) {
      throw new PkiException(
          "could not write kubeconfigs for node "
              + Sans.quote(nodeName)
              + ": not a DNS name or IP");
    }
    X509Certificate caCert = PemFiles.readCertificate(pkiDir.resolve("ca.crt"));
    PrivateKey caKey = PemFiles.readPrivateKey(pkiDir.resolve("ca.key"));
    if (caCert == null || caKey == null || !PemFiles.matches(caKey, caCert.getPublicKey())) {
      throw new PkiException(
          "could not write kubeconfigs: no matching ca.crt and ca.key in " + pkiDir);
    }
    Authority ca = new Authority(CertificateTree.CA, caCert, caKey);
    KubeconfigWriter writer = new KubeconfigWriter(clock, certificateValidity);
    List<CertSpec> clients =
        List.of(
            CertSpec.client(
                "admin", "kubernetes-admin", List.of(CertificateTree.SYSTEM_MASTERS), ""),
            CertSpec.client("controller-manager", "system:kube-controller-manager", List.of(), ""),
            CertSpec.client("scheduler", "system:kube-scheduler", List.of(), ""),
            CertSpec.client("kubelet", "system:node:" + nodeName, List.of("system:nodes"), ""));
    List<String> issued = new ArrayList<>();
    List<String> reused = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      String name = KUBECONFIGS.get(i);
      boolean written = writer.ensure(dir.resolve(name), clients.get(i), ca, server, clusterName);
      (written ? issued : reused).add(name);
    }
    return new PkiReport(issued, reused);
  }

  List<PkiNode> masters() {
    return masters;
  }

  String serviceIp() {
    return serviceIp;
  }

  String dnsDomain() {
    return dnsDomain;
  }

  String apiServerDomain() {
    return apiServerDomain;
  }

  String vip() {
    return vip;
  }

  List<San> extraSans() {
    return extraSans;
  }

  private static void check(boolean ok, String what, String value) {
    if (!ok) {
      throw new PkiException(
          "could not make certificates: invalid " + what + " " + Sans.quote(value));
    }
  }

  /** The first address of the (first) service CIDR: the {@code kubernetes} service's IP. */
  private static String serviceIp(String cidrs) {
    String first = cidrs.split(",", -1)[0].trim();
    try {
      if (first.indexOf('/') < 0) {
        throw new IllegalArgumentException("no prefix length");
      }
      return IpList.nthInCidr(first, 1);
    } catch (IllegalArgumentException e) {
      throw new PkiException(
          "could not make certificates: invalid service CIDR " + Sans.quote(cidrs), e);
    }
  }

  private static String server(String url) {
    try {
      URI uri = new URI(url);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
        throw new URISyntaxException(url, "expected https://<host>:<port>");
      }
      return url;
    } catch (URISyntaxException e) {
      throw new PkiException(
          "could not make kubeconfigs: invalid server URL " + Sans.quote(url), e);
    }
  }

  /** Settings of a cluster's PKI; every value has Sealer's default. */
  public static final class Builder {
    private List<PkiNode> masters = List.of();
    private String serviceCidr = "10.96.0.0/22";
    private String dnsDomain = "cluster.local";
    private String apiServerDomain = API_SERVER_DOMAIN;
    private String vip = DEFAULT_VIP;
    private List<String> certSans = List.of();
    private String server = "https://" + API_SERVER_DOMAIN + ":6443";
    private String clusterName = "kubernetes";
    private Duration authorityValidity = DEFAULT_VALIDITY;
    private Duration certificateValidity = DEFAULT_VALIDITY;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Every master of the cluster: their names and IPs go into the API server's SANs. */
    public Builder masters(List<PkiNode> masters) {
      this.masters = List.copyOf(masters);
      return this;
    }

    /** The service CIDR (default {@code 10.96.0.0/22}); its first IP is a SAN. */
    public Builder serviceCidr(String serviceCidr) {
      this.serviceCidr = serviceCidr;
      return this;
    }

    /** The cluster's DNS domain (default {@code cluster.local}). */
    public Builder dnsDomain(String dnsDomain) {
      this.dnsDomain = dnsDomain;
      return this;
    }

    /** The API server's domain (default {@link #API_SERVER_DOMAIN}). */
    public Builder apiServerDomain(String apiServerDomain) {
      this.apiServerDomain = apiServerDomain;
      return this;
    }

    /** The VIP lvscare serves (default {@link #DEFAULT_VIP}). */
    public Builder vip(String vip) {
      this.vip = vip;
      return this;
    }

    /** Extra API server SANs, IPs or DNS names ({@code CertSANs}, {@code cert --alt-names}). */
    public Builder certSans(List<String> certSans) {
      this.certSans = List.copyOf(certSans);
      return this;
    }

    /**
     * The API server URL in the kubeconfigs (default {@code https://apiserver.cluster.local:6443}).
     */
    public Builder server(String server) {
      this.server = server;
      return this;
    }

    /** The cluster's name in the kubeconfigs (default {@code kubernetes}, as kubeadm). */
    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    /** How long authorities are valid (default 100 years). */
    public Builder authorityValidity(Duration validity) {
      this.authorityValidity = validity;
      return this;
    }

    /** How long leaf and client certificates are valid (default 100 years, capped by the CA's). */
    public Builder certificateValidity(Duration validity) {
      this.certificateValidity = validity;
      return this;
    }

    /** The clock that dates certificates (for tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @throws PkiException naming the first invalid setting
     */
    public KubernetesPki build() {
      return new KubernetesPki(this);
    }
  }
}
