package io.sealer.api.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A kubeadm, kubelet or kube-proxy document of a Clusterfile, kept as structured YAML for the
 * Kubernetes runtime to merge: maps (insertion order kept), lists, strings, numbers, booleans and
 * nulls, all unmodifiable.
 *
 * @param kind one of {@link #KINDS}
 * @param content the whole document, {@code apiVersion} and {@code kind} included
 */
public record KubeadmDocument(String kind, Map<String, @Nullable Object> content) {
  /** The kinds kept: {@code InitConfiguration}, {@code JoinConfiguration}, and so on. */
  public static final Set<String> KINDS =
      Set.of(
          "InitConfiguration",
          "JoinConfiguration",
          "ClusterConfiguration",
          "KubeletConfiguration",
          "KubeProxyConfiguration");

  /** Checks the kind and deep-copies the content into unmodifiable collections. */
  public KubeadmDocument {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("not a kubeadm document kind: " + kind);
    }
    content = freezeMap(content);
  }

  /** The {@code apiVersion} of the document, or null. */
  public @Nullable String apiVersion() {
    Object v = content.get("apiVersion");
    return v == null ? null : v.toString();
  }

  private static Map<String, @Nullable Object> freezeMap(Map<String, @Nullable Object> map) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, freeze(v)));
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object freeze(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      return freezeMap((Map<String, @Nullable Object>) m);
    }
    if (value instanceof List<?> l) {
      List<@Nullable Object> out = new ArrayList<>();
      l.forEach(v -> out.add(freeze(v)));
      return Collections.unmodifiableList(out);
    }
    return value;
  }
}
