package io.sealer.api.distribute;

import io.sealer.api.SealerException;
import java.util.Objects;

/**
 * Some hosts did not receive the rootfs. The message names each failed host and its reason: "could
 * not distribute rootfs to 2 of 5 hosts: 10.0.0.3: ...; 10.0.0.5: ...".
 */
public class DistributionException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final transient DistributionReport report;

  /** Wraps a report with at least one failed host. */
  public DistributionException(DistributionReport report) {
    super(describe(report));
    this.report = report;
  }

  /** Every host's outcome, failed or not. */
  public DistributionReport report() {
    return report;
  }

  private static String describe(DistributionReport report) {
    StringBuilder message =
        new StringBuilder("could not distribute rootfs to ")
            .append(report.failed().size())
            .append(" of ")
            .append(report.hosts().size())
            .append(" hosts: ");
    String separator = "";
    for (HostDistribution host : report.failed()) {
      message.append(separator).append(Objects.requireNonNull(host.failure()).getMessage());
      separator = "; ";
    }
    return message.toString();
  }
}
