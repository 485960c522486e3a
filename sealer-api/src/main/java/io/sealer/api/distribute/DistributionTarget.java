package io.sealer.api.distribute;

import io.sealer.api.host.RemoteHost;
import java.util.Objects;

/**
 * One host to distribute to.
 *
 * @param host the connected host
 * @param registry true if the host serves the cluster's registry and so also receives {@code
 *     registry/}
 */
public record DistributionTarget(RemoteHost host, boolean registry) {

  /** Validates the parts. */
  public DistributionTarget {
    Objects.requireNonNull(host, "host");
  }
}
