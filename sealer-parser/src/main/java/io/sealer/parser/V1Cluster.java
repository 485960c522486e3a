package io.sealer.parser;

import io.sealer.api.cluster.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a v1 Cluster ({@code sealer.aliyun.com/v1alpha1}, {@code sealer.io/v1}) into v2 host
 * groups: {@code spec.masters.ipList} with role master, {@code spec.nodes.ipList} with role node;
 * {@code spec.network.podCIDR}/{@code svcCIDR} and {@code spec.certSANS} become the env keys {@code
 * PodCIDR}, {@code SvcCIDR} and {@code CertSANs} unless the env sets them.
 */
final class V1Cluster {
  private V1Cluster() {}

  static List<Host> hosts(YamlTree spec, List<String> env) {
    List<Host> hosts = new ArrayList<>();
    group(spec.get("masters"), Host.MASTER, hosts);
    group(spec.get("nodes"), Host.NODE, hosts);
    spec.get("network")
        .ifPresent(
            n -> {
              addEnv(env, "PodCIDR", ClusterfileReader.optional(n, "podCIDR"));
              addEnv(env, "SvcCIDR", ClusterfileReader.optional(n, "svcCIDR"));
            });
    spec.get("certSANS").ifPresent(s -> addEnv(env, "CertSANs", String.join(",", s.strings())));
    return hosts;
  }

  private static void group(Optional<YamlTree> section, String role, List<Host> hosts) {
    if (section.isEmpty()) {
      return;
    }
    Optional<YamlTree> list = section.get().get("ipList");
    if (list.isEmpty()) {
      return;
    }
    List<String> ips = new ArrayList<>();
    for (YamlTree item : list.get().list()) {
      ips.addAll(ClusterDecoder.ips(item, list.get().path()));
    }
    if (!ips.isEmpty()) {
      hosts.add(new Host(ips, List.of(role), null, List.of(), Map.of(), List.of()));
    }
  }

  private static void addEnv(List<String> env, String key, @Nullable String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (env.stream().noneMatch(e -> e.startsWith(key + "="))) {
      env.add(key + "=" + value);
    }
  }
}
