package io.sealer.runtime;

import io.sealer.api.host.RemoteHost;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Sends a prepared rootfs to hosts: only what each lacks, resuming, registry data only where due.
 */
interface RootfsDistribution {

  /**
   * Sends {@code rootfs} to {@code target} on each host; returns bytes sent (or, on a dry run, that
   * would be sent) per host.
   *
   * @throws io.sealer.api.runtime.ClusterRunException with every failed host's reason, after the
   *     other hosts finished
   */
  Map<String, Long> send(
      Path rootfs,
      String target,
      Map<String, RemoteHost> hosts,
      Set<String> registryHosts,
      int concurrency,
      boolean dryRun);
}
