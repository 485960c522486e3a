package io.sealer.api.distribute;

import java.util.List;

/**
 * Every host's outcome of one distribution, in the order of the request's hosts.
 *
 * @param hosts one outcome per host
 */
public record DistributionReport(List<HostDistribution> hosts) {

  /** Copies the list. */
  public DistributionReport {
    hosts = List.copyOf(hosts);
  }

  /** The hosts that failed. */
  public List<HostDistribution> failed() {
    return hosts.stream().filter(h -> !h.succeeded()).toList();
  }

  /** Bytes sent to all hosts together. */
  public long bytesSent() {
    return hosts.stream().mapToLong(HostDistribution::bytesSent).sum();
  }

  /** This report if every host succeeded, else throws a {@link DistributionException}. */
  public DistributionReport orThrow() {
    if (!failed().isEmpty()) {
      throw new DistributionException(this);
    }
    return this;
  }
}
