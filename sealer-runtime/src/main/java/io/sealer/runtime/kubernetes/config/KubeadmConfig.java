package io.sealer.runtime.kubernetes.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A merged kubeadm configuration (spec §4.7), made by {@link KubeadmConfigBuilder}: one document
 * per kind, {@code InitConfiguration}, {@code ClusterConfiguration}, {@code
 * KubeProxyConfiguration}, {@code KubeletConfiguration} and {@code JoinConfiguration}, immutable.
 */
public final class KubeadmConfig {
  /** The kinds written to {@code kubeadm init --config}, in the order they are written. */
  public static final List<String> INIT_KINDS =
      List.of(
          "InitConfiguration",
          "ClusterConfiguration",
          "KubeProxyConfiguration",
          "KubeletConfiguration");

  private final String apiVersion;
  private final String kubernetesVersion;
  private final Map<String, Map<String, @Nullable Object>> documents;

  KubeadmConfig(
      String apiVersion,
      String kubernetesVersion,
      Map<String, Map<String, @Nullable Object>> documents) {
    this.apiVersion = apiVersion;
    this.kubernetesVersion = kubernetesVersion;
    Map<String, Map<String, @Nullable Object>> frozen = new LinkedHashMap<>();
    documents.forEach((kind, doc) -> frozen.put(kind, freeze(doc)));
    this.documents = Collections.unmodifiableMap(frozen);
  }

  /**
   * The kubeadm apiVersion chosen from the Kubernetes version, e.g. {@code kubeadm.k8s.io/v1beta3}.
   */
  public String apiVersion() {
    return apiVersion;
  }

  /** The {@code kubernetesVersion} of the ClusterConfiguration, e.g. {@code v1.22.15}. */
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /** The document of {@code kind}, unmodifiable, or empty if there is none. */
  public Optional<Map<String, @Nullable Object>> document(String kind) {
    return Optional.ofNullable(documents.get(kind));
  }

  /** Every document by kind, unmodifiable. */
  public Map<String, Map<String, @Nullable Object>> documents() {
    return documents;
  }

  /** The config for {@code kubeadm init}: the {@link #INIT_KINDS} as multi-document YAML. */
  public String initYaml() {
    return toYaml(INIT_KINDS);
  }

  /** The given kinds, those present, in the given order, as multi-document YAML. */
  public String toYaml(List<String> kinds) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (String kind : kinds) {
      Map<String, @Nullable Object> doc = documents.get(kind);
      if (doc != null) {
        out.add(doc);
      }
    }
    return KubeadmYaml.write(out);
  }

  /**
   * The config for {@code kubeadm join} on one host (spec §6.3 steps 6-7): the merged
   * JoinConfiguration with the discovery token, the endpoint and the CA hash filled in, a control
   * plane section for a master (its own advertise address and the certificate key) or none for a
   * worker, the host's CRI socket, and the KubeletConfiguration.
   *
   * @param advertiseAddress the master's own IP, or null for a worker
   * @param certificateKey the key of the uploaded certificates, for a master
   * @param criSocket the host's CRI socket, or null to keep the merged one
   */
  @SuppressWarnings("unchecked")
  public String joinYaml(
      String token,
      String apiServerEndpoint,
      String caCertHash,
      @Nullable String advertiseAddress,
      @Nullable String certificateKey,
      @Nullable String criSocket) {
    Map<String, @Nullable Object> join = new LinkedHashMap<>();
    join.put("apiVersion", apiVersion);
    join.put("kind", "JoinConfiguration");
    Map<String, @Nullable Object> merged = documents.get("JoinConfiguration");
    if (merged != null) {
      merged.forEach((k, v) -> join.put(k, thaw(v)));
    }
    Map<String, @Nullable Object> discovery =
        (Map<String, @Nullable Object>)
            join.computeIfAbsent("discovery", k -> new LinkedHashMap<String, @Nullable Object>());
    Map<String, @Nullable Object> bootstrap = new LinkedHashMap<>();
    bootstrap.put("apiServerEndpoint", apiServerEndpoint);
    bootstrap.put("caCertHashes", new ArrayList<>(List.of(caCertHash)));
    bootstrap.put("token", token);
    bootstrap.put("unsafeSkipCAVerification", false);
    discovery.put("bootstrapToken", bootstrap);
    discovery.put("tlsBootstrapToken", token);
    if (advertiseAddress == null) {
      join.remove("controlPlane");
    } else {
      Map<String, @Nullable Object> controlPlane =
          (Map<String, @Nullable Object>)
              join.computeIfAbsent(
                  "controlPlane", k -> new LinkedHashMap<String, @Nullable Object>());
      Map<String, @Nullable Object> endpoint =
          (Map<String, @Nullable Object>)
              controlPlane.computeIfAbsent(
                  "localAPIEndpoint", k -> new LinkedHashMap<String, @Nullable Object>());
      endpoint.put("advertiseAddress", advertiseAddress);
      endpoint.putIfAbsent("bindPort", 6443);
      if (certificateKey != null) {
        controlPlane.put("certificateKey", certificateKey);
      }
    }
    if (criSocket != null) {
      Map<String, @Nullable Object> registration =
          (Map<String, @Nullable Object>)
              join.computeIfAbsent(
                  "nodeRegistration", k -> new LinkedHashMap<String, @Nullable Object>());
      registration.put("criSocket", criSocket);
    }
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    out.add(join);
    Map<String, @Nullable Object> kubelet = documents.get("KubeletConfiguration");
    if (kubelet != null) {
      out.add(kubelet);
    }
    return KubeadmYaml.write(out);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object thaw(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      ((Map<String, @Nullable Object>) m).forEach((k, v) -> out.put(k, thaw(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<@Nullable Object> out = new ArrayList<>();
      l.forEach(v -> out.add(thaw(v)));
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> freeze(Map<String, @Nullable Object> map) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, freezeValue(v)));
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object freezeValue(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      return freeze((Map<String, @Nullable Object>) m);
    }
    if (value instanceof List<?> l) {
      List<@Nullable Object> out = new ArrayList<>();
      l.forEach(v -> out.add(freezeValue(v)));
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  @Override
  public String toString() {
    return "KubeadmConfig["
        + apiVersion
        + ", "
        + kubernetesVersion
        + ", "
        + documents.keySet()
        + "]";
  }
}
