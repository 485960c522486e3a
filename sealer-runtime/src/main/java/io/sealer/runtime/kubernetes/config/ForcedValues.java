package io.sealer.runtime.kubernetes.config;

import io.sealer.api.SealerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The values Sealer forces into the kubeadm configuration (spec §4.7 step 2). They overwrite what
 * the Clusterfile says, except the certificate SANs and kube-proxy's excluded CIDRs, which are
 * added to what is there.
 */
final class ForcedValues {
  private final List<String> masters;
  private final String vip;
  private final List<String> extraCertSans;
  private final String cgroupDriver;

  ForcedValues(List<String> masters, String vip, List<String> extraCertSans, String cgroupDriver) {
    this.masters = masters;
    this.vip = vip;
    this.extraCertSans = extraCertSans;
    this.cgroupDriver = cgroupDriver;
  }

  /**
   * Applies the values to the Clusterfile's documents.
   *
   * @throws SealerException if the Clusterfile puts a scalar or list where one of them goes
   */
  void apply(Map<String, Map<String, @Nullable Object>> docs) {
    Map<String, @Nullable Object> init = doc(docs, "InitConfiguration");
    requireShapes(docs);
    YamlTrees.child(init, "localAPIEndpoint").put("advertiseAddress", masters.get(0));

    Map<String, @Nullable Object> cluster = doc(docs, "ClusterConfiguration");
    cluster.put(
        "controlPlaneEndpoint",
        KubeadmConfigBuilder.APISERVER_DOMAIN + ":" + KubeadmConfigBuilder.APISERVER_PORT);
    Map<String, @Nullable Object> apiServer = YamlTrees.child(cluster, "apiServer");
    List<String> etcd = new ArrayList<>();
    for (String m : masters) {
      etcd.add("https://" + hostPort(m, 2379));
    }
    YamlTrees.child(apiServer, "extraArgs").put("etcd-servers", String.join(",", etcd));
    apiServer.put("certSANs", YamlTrees.union(list(apiServer.get("certSANs")), certSans()));

    Map<String, @Nullable Object> proxy = doc(docs, "KubeProxyConfiguration");
    Map<String, @Nullable Object> ipvs = YamlTrees.child(proxy, "ipvs");
    String vipCidr = vip + (vip.contains(":") ? "/128" : "/32");
    ipvs.put("excludeCIDRs", YamlTrees.union(list(ipvs.get("excludeCIDRs")), List.of(vipCidr)));

    doc(docs, "KubeletConfiguration").put("cgroupDriver", cgroupDriver);
  }

  private static void requireShapes(Map<String, Map<String, @Nullable Object>> docs) {
    requireMap(docs, "InitConfiguration", "localAPIEndpoint");
    requireMap(docs, "ClusterConfiguration", "apiServer");
    requireMap(docs, "ClusterConfiguration", "apiServer", "extraArgs");
    requireList(docs, "ClusterConfiguration", "apiServer", "certSANs");
    requireMap(docs, "KubeProxyConfiguration", "ipvs");
    requireList(docs, "KubeProxyConfiguration", "ipvs", "excludeCIDRs");
  }

  private static void requireMap(
      Map<String, Map<String, @Nullable Object>> docs, String kind, String... path) {
    Object v = at(docs, kind, path);
    if (v != null && !(v instanceof Map)) {
      throw misshapen(kind, path, "a mapping");
    }
  }

  private static void requireList(
      Map<String, Map<String, @Nullable Object>> docs, String kind, String... path) {
    Object v = at(docs, kind, path);
    if (v != null && !(v instanceof List)) {
      throw misshapen(kind, path, "a list");
    }
  }

  private static @Nullable Object at(
      Map<String, Map<String, @Nullable Object>> docs, String kind, String... path) {
    Object at = docs.get(kind);
    for (String key : path) {
      if (!(at instanceof Map<?, ?> m)) {
        return null;
      }
      at = m.get(key);
    }
    return at;
  }

  private static SealerException misshapen(String kind, String[] path, String what) {
    return new SealerException(
        "could not build the kubeadm config: "
            + kind
            + " "
            + String.join(".", path)
            + " in the Clusterfile is not "
            + what);
  }

  private List<@Nullable Object> certSans() {
    List<@Nullable Object> sans = new ArrayList<>();
    sans.add("127.0.0.1");
    sans.add(KubeadmConfigBuilder.APISERVER_DOMAIN);
    sans.add(vip);
    sans.addAll(extraCertSans);
    sans.addAll(masters);
    return sans;
  }

  private static Map<String, @Nullable Object> doc(
      Map<String, Map<String, @Nullable Object>> docs, String kind) {
    return docs.computeIfAbsent(
        kind,
        k -> {
          Map<String, @Nullable Object> made = new LinkedHashMap<>();
          made.put("kind", k);
          return made;
        });
  }

  @SuppressWarnings("unchecked")
  private static List<@Nullable Object> list(@Nullable Object value) {
    return value instanceof List<?> l ? (List<@Nullable Object>) l : List.of();
  }

  private static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }
}
