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
