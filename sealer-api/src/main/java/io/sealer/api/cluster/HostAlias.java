package io.sealer.api.cluster;

import java.util.List;

/**
 * One {@code spec.hostAliases} entry: a line of {@code /etc/hosts} on every host.
 *
 * @param ip the address
 * @param hostnames the names for it
 */
public record HostAlias(String ip, List<String> hostnames) {
  /** Copies the names. */
  public HostAlias {
    hostnames = List.copyOf(hostnames);
  }
}
