package io.sealer.api.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code spec.hosts}: machines that share roles and settings.
 *
 * @param ips the addresses, ranges already expanded, at least one
 * @param roles {@code master}, {@code node} or custom roles (custom roles become node labels)
 * @param ssh settings that override {@code spec.ssh} field by field, or null
 * @param env {@code KEY=VALUE} strings that override the cluster env on these hosts
 * @param labels node labels applied after install
 * @param taints node taints
 */
public record Host(
    List<String> ips,
    List<String> roles,
    @Nullable Ssh ssh,
    List<String> env,
    Map<String, String> labels,
    List<Taint> taints) {

  /** The role of control-plane hosts. */
  public static final String MASTER = "master";

  /** The role of hosts kubeadm joins as workers. */
  public static final String NODE = "node";

  /** Copies the parts. */
  public Host {
    ips = List.copyOf(ips);
    roles = List.copyOf(roles);
    env = List.copyOf(env);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    taints = List.copyOf(taints);
  }

  /** True if the host has the given role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
