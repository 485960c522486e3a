package io.sealer.runtime.kubernetes.config;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.KubeadmDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the kubeadm configuration of a cluster as spec §4.7 orders it: the Clusterfile's documents
 * first, then the values Sealer forces (these overwrite), then the image's {@code etc/kubeadm.yml},
 * then the built-in default; each later layer only fills fields still empty, except {@code
 * certSANs}, which are unioned. Then the apiVersion is chosen from {@code kubernetesVersion} and
 * the DNS domain, image repositories and CRI socket get their defaults.
 *
 * <pre>{@code
 * KubeadmConfig config = new KubeadmConfigBuilder(List.of("10.0.0.2", "10.0.0.3"))
 *     .clusterfileDocuments(clusterfile.kubeadm())
 *     .imageRootfs(mountedRootfs)
 *     .build();
 * Files.writeString(target, config.initYaml());
 * }</pre>
 */
public final class KubeadmConfigBuilder {
  /** The API server's domain name, resolved through {@code /etc/hosts} on every node. */
  public static final String APISERVER_DOMAIN = "apiserver.cluster.local";

  /** The API server's port. */
  public static final int APISERVER_PORT = 6443;

  /** The default IPv4 VIP that lvscare serves on workers (spec §6.3). */
  public static final String DEFAULT_VIP = "10.103.97.2";

  private static final String DEFAULT_RESOURCE = "default-kubeadm.yaml";

  private final List<String> masters;
  private List<KubeadmDocument> clusterfile = List.of();
  private @Nullable Path imageRootfs;
  private String vip = DEFAULT_VIP;
  private List<String> extraCertSans = List.of();
  private String cgroupDriver = "systemd";
  private String registryUrl = "sea.hub:5000";
  private @Nullable String criSocket;

  /**
   * Starts a builder for a cluster with these master IPs.
   *
   * @param masters the master IPs, master0 first; at least one
   */
  public KubeadmConfigBuilder(List<String> masters) {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("a Kubernetes cluster needs at least one master");
    }
    this.masters = List.copyOf(masters);
  }

  /** The Clusterfile's kubeadm, kubelet and kube-proxy documents, first in precedence. */
  public KubeadmConfigBuilder clusterfileDocuments(List<KubeadmDocument> documents) {
    this.clusterfile = List.copyOf(documents);
    return this;
  }

  /** The image's rootfs; its {@code etc/kubeadm.yml}, if present, is the third layer. */
  public KubeadmConfigBuilder imageRootfs(Path rootfs) {
    this.imageRootfs = Objects.requireNonNull(rootfs);
    return this;
  }

  /** The VIP workers reach the API server through (env {@code IPvsVIPv4}); default 10.103.97.2. */
  public KubeadmConfigBuilder vip(String vip) {
    this.vip = Objects.requireNonNull(vip);
    return this;
  }

  /** Extra API server certificate SANs (env {@code CertSANs}). */
  public KubeadmConfigBuilder extraCertSans(List<String> sans) {
    this.extraCertSans = List.copyOf(sans);
    return this;
  }

  /** The container runtime's cgroup driver, forced into the KubeletConfiguration. */
  public KubeadmConfigBuilder cgroupDriver(String driver) {
    this.cgroupDriver = Objects.requireNonNull(driver);
    return this;
  }

  /** The registry images are pulled from; the default {@code imageRepository}. */
  public KubeadmConfigBuilder registryUrl(String url) {
    this.registryUrl = Objects.requireNonNull(url);
    return this;
  }

  /** The CRI socket read from {@code /etc/sealerio/cri/socket-path} on the host; overrides all. */
  public KubeadmConfigBuilder criSocket(String socket) {
    this.criSocket = Objects.requireNonNull(socket);
    return this;
  }

  /**
   * Merges the layers.
   *
   * @throws io.sealer.api.ParseException if the image's {@code etc/kubeadm.yml} is not valid
   * @throws SealerException if it cannot be read or {@code kubernetesVersion} is not a version
   */
  public KubeadmConfig build() {
    Map<String, Map<String, @Nullable Object>> docs = new LinkedHashMap<>();
    for (KubeadmDocument d : clusterfile) {
      Map<String, @Nullable Object> content = YamlTrees.copy(d.content());
      ApiShapes.toMapForm(d.kind(), content);
      YamlTrees.fill(docs.computeIfAbsent(d.kind(), k -> new LinkedHashMap<>()), content);
    }
    new ForcedValues(masters, vip, extraCertSans, cgroupDriver).apply(docs);
    if (imageRootfs != null) {
      fillFrom(docs, KubeadmYaml.read(readImageFile(imageRootfs), "etc/kubeadm.yml"));
    }
    fillFrom(docs, KubeadmYaml.read(defaults(), "built-in default kubeadm config"));
    return finish(docs);
  }

  private KubeadmConfig finish(Map<String, Map<String, @Nullable Object>> docs) {
    Map<String, @Nullable Object> cluster = docs.get("ClusterConfiguration");
    Object versionText = cluster.get("kubernetesVersion");
    KubeVersion version =
        KubeVersion.parse(String.valueOf(versionText), "the ClusterConfiguration");
    String apiVersion = version.kubeadmApiVersion();
    for (String kind : List.of("InitConfiguration", "ClusterConfiguration", "JoinConfiguration")) {
      docs.get(kind).put("apiVersion", apiVersion);
    }
    docs.get("KubeletConfiguration").put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    docs.get("KubeProxyConfiguration").put("apiVersion", "kubeproxy.config.k8s.io/v1alpha1");
    Map<String, @Nullable Object> networking = YamlTrees.child(cluster, "networking");
    if (YamlTrees.isEmpty(networking.get("dnsDomain"))) {
      networking.put("dnsDomain", "cluster.local");
    }
    if (YamlTrees.isEmpty(cluster.get("imageRepository"))) {
      cluster.put("imageRepository", registryUrl);
    }
    Map<String, @Nullable Object> dns = YamlTrees.child(cluster, "dns");
    if (YamlTrees.isEmpty(dns.get("imageRepository"))) {
      dns.put("imageRepository", cluster.get("imageRepository") + "/coredns");
    }
    if (criSocket != null) {
      for (String kind : List.of("InitConfiguration", "JoinConfiguration")) {
        YamlTrees.child(docs.get(kind), "nodeRegistration").put("criSocket", criSocket);
      }
    }
    ApiShapes.toVersionForm(apiVersion, docs);
    Map<String, Map<String, @Nullable Object>> ordered = new LinkedHashMap<>();
    for (String kind :
        List.of(
            "InitConfiguration",
            "ClusterConfiguration",
            "KubeProxyConfiguration",
            "KubeletConfiguration",
            "JoinConfiguration")) {
      ordered.put(kind, withHeader(docs.get(kind)));
    }
    return new KubeadmConfig(apiVersion, version.toString(), ordered);
  }

  /** The document with {@code apiVersion} and {@code kind} first, as kubeadm users expect. */
  private static Map<String, @Nullable Object> withHeader(Map<String, @Nullable Object> doc) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("apiVersion", doc.get("apiVersion"));
    out.put("kind", doc.get("kind"));
    doc.forEach(out::putIfAbsent);
    return out;
  }

  private static void fillFrom(
      Map<String, Map<String, @Nullable Object>> docs, List<KubeadmYaml.Doc> layer) {
    for (KubeadmYaml.Doc d : layer) {
      ApiShapes.toMapForm(d.kind(), d.content());
      YamlTrees.fill(docs.computeIfAbsent(d.kind(), k -> new LinkedHashMap<>()), d.content());
    }
  }

  private static String readImageFile(Path rootfs) {
    Path etc = rootfs.resolve("etc");
    Path file = etc.resolve("kubeadm.yml");
    try {
      if (Files.isSymbolicLink(etc) || Files.isSymbolicLink(file)) {
        throw new SealerException(
            "could not read the image's etc/kubeadm.yml: it is a symbolic link, which may point"
                + " outside the image");
      }
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return "";
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new SealerException(
            "could not read the image's etc/kubeadm.yml: it is not a regular file");
      }
      if (Files.size(file) > KubeadmYaml.MAX_CHARS * 4L) {
        throw new SealerException(
            "could not read the image's etc/kubeadm.yml: larger than "
                + KubeadmYaml.MAX_CHARS
                + " characters");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new SealerException(
          "could not read the image's etc/kubeadm.yml: it is not UTF-8 text", e);
    } catch (IOException e) {
      throw new SealerException("could not read the image's etc/kubeadm.yml: " + e.getMessage(), e);
    }
  }

  private static String defaults() {
    try (InputStream in = KubeadmConfigBuilder.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not read resource " + DEFAULT_RESOURCE, e);
    }
  }
}
