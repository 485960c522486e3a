package io.sealer.runtime;

import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Env;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.RemoteHost;
import java.util.Map;

/**
 * What the steps of one operation share.
 *
 * @param cluster the cluster as it will be after the operation
 * @param hosts the connections, by address
 * @param imageEnv the image's global env
 * @param imageId the image id, part of every step's inputs
 * @param rootfs the cluster rootfs directory on the hosts
 * @param events where logs go
 * @param extraEnv variables added for this operation, e.g. {@code DeletedIPs} when cleaning
 */
record RunContext(
    Cluster cluster,
    Map<String, RemoteHost> hosts,
    Env imageEnv,
    String imageId,
    String rootfs,
    EventListener events,
    Env extraEnv) {

  /** The env of commands on a host. */
  Env envFor(String ip) {
    return HostEnvs.forHost(cluster, ip, imageEnv).overriddenBy(extraEnv);
  }

  /** The connection to a host. */
  RemoteHost host(String ip) {
    RemoteHost h = hosts.get(ip);
    if (h == null) {
      throw new IllegalStateException("no connection to " + ip);
    }
    return h;
  }
}
