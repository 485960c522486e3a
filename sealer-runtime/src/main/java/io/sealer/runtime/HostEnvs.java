package io.sealer.runtime;

import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Env;

/**
 * The env of commands on a host: spec §4.3 ({@link Cluster#envFor}: image env, cluster env, host
 * env, {@code HostIP}) plus what hooks and launch commands need to find each other: {@code
 * Master0IP}, {@code MasterIPs}, {@code NodeIPs} (comma-separated) and {@code ClusterName}. Hooks
 * of the clean phases also get {@code DeletedIPs}: the hosts leaving (all of them for {@code delete
 * -a}).
 */
final class HostEnvs {
  private HostEnvs() {}

  static Env forHost(Cluster cluster, String ip, Env imageEnv) {
    return cluster
        .envFor(ip, imageEnv)
        .with("Master0IP", cluster.master0())
        .with("MasterIPs", String.join(",", cluster.masters()))
        .with("NodeIPs", String.join(",", cluster.nodes()))
        .with("ClusterName", cluster.name());
  }
}
