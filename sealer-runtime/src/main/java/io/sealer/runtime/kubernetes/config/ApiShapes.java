package io.sealer.runtime.kubernetes.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The field shapes that differ between kubeadm apiVersions. Up to v1beta3, {@code extraArgs} and
 * {@code kubeletExtraArgs} are maps and the control-plane and discovery timeouts sit in {@code
 * apiServer.timeoutForControlPlane} and {@code discovery.timeout}; v1beta4 makes the arguments
 * lists of {@code {name, value}} and moves the timeouts under {@code timeouts}. Every input is read
 * into the map form so layers merge key by key, and the merged result is written in the form of the
 * chosen apiVersion.
 */
final class ApiShapes {
  private static final List<List<String>> CLUSTER_ARGS =
      List.of(
          List.of("apiServer"),
          List.of("controllerManager"),
          List.of("scheduler"),
          List.of("etcd", "local"));

  private ApiShapes() {}

  /** Turns list-form arguments of {@code doc} into maps, in place. */
  static void toMapForm(String kind, Map<String, @Nullable Object> doc) {
    for (Map<String, @Nullable Object> holder : argHolders(kind, doc)) {
      for (String key : List.of("extraArgs", "kubeletExtraArgs")) {
        if (holder.get(key) instanceof List<?> list) {
          Map<String, @Nullable Object> map = new LinkedHashMap<>();
          for (Object item : list) {
            if (item instanceof Map<?, ?> arg && arg.get("name") != null) {
              map.put(String.valueOf(arg.get("name")), arg.get("value"));
            }
          }
          holder.put(key, map);
        }
      }
    }
  }

  /** Rewrites the merged documents in the shape of {@code apiVersion}, in place. */
  static void toVersionForm(
      String apiVersion, Map<String, Map<String, @Nullable Object>> docsByKind) {
    boolean v1beta4 = apiVersion.endsWith("/v1beta4");
    docsByKind.forEach(
        (kind, doc) -> {
          if (v1beta4) {
            for (Map<String, @Nullable Object> holder : argHolders(kind, doc)) {
              for (String key : List.of("extraArgs", "kubeletExtraArgs")) {
                if (holder.get(key) instanceof Map<?, ?> map) {
                  List<@Nullable Object> list = new ArrayList<>();
                  map.forEach(
                      (k, v) -> {
                        Map<String, @Nullable Object> arg = new LinkedHashMap<>();
                        arg.put("name", String.valueOf(k));
                        arg.put("value", v == null ? "" : String.valueOf(v));
                        list.add(arg);
                      });
                  holder.put(key, list);
                }
              }
            }
          }
        });
    moveTimeouts(v1beta4, docsByKind);
  }

  private static void moveTimeouts(
      boolean v1beta4, Map<String, Map<String, @Nullable Object>> docsByKind) {
    Map<String, @Nullable Object> cluster = docsByKind.get("ClusterConfiguration");
    Map<String, @Nullable Object> init = docsByKind.get("InitConfiguration");
    Map<String, @Nullable Object> join = docsByKind.get("JoinConfiguration");
    Map<String, @Nullable Object> apiServer =
        cluster == null ? null : YamlTrees.find(cluster, "apiServer");
    Map<String, @Nullable Object> discovery =
        join == null ? null : YamlTrees.find(join, "discovery");
    if (v1beta4) {
      if (apiServer != null && init != null && apiServer.containsKey("timeoutForControlPlane")) {
        Object t = apiServer.remove("timeoutForControlPlane");
        YamlTrees.child(init, "timeouts").putIfAbsent("controlPlaneComponentHealthCheck", t);
      }
      if (discovery != null && discovery.containsKey("timeout")) {
        Object t = discovery.remove("timeout");
        YamlTrees.child(join, "timeouts").putIfAbsent("discovery", t);
      }
      return;
    }
    if (init != null && init.remove("timeouts") instanceof Map<?, ?> t && cluster != null) {
      Object v = t.get("controlPlaneComponentHealthCheck");
      if (v != null) {
        YamlTrees.child(cluster, "apiServer").putIfAbsent("timeoutForControlPlane", v);
      }
    }
    if (join != null && join.remove("timeouts") instanceof Map<?, ?> t) {
      Object v = t.get("discovery");
      if (v != null) {
        YamlTrees.child(join, "discovery").putIfAbsent("timeout", v);
      }
    }
  }

  private static List<Map<String, @Nullable Object>> argHolders(
      String kind, Map<String, @Nullable Object> doc) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    if (kind.equals("ClusterConfiguration")) {
      for (List<String> path : CLUSTER_ARGS) {
        Map<String, @Nullable Object> m = YamlTrees.find(doc, path.toArray(String[]::new));
        if (m != null) {
          out.add(m);
        }
      }
    } else if (kind.equals("InitConfiguration") || kind.equals("JoinConfiguration")) {
      Map<String, @Nullable Object> m = YamlTrees.find(doc, "nodeRegistration");
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }
}
