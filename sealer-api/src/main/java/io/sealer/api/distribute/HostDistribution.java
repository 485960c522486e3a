package io.sealer.api.distribute;

import io.sealer.api.host.HostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How distribution went on one host. "Files" counts regular files and symbolic links; directories
 * are not counted.
 *
 * @param host the host's address
 * @param bytesPlanned content bytes of the files the host lacked (what a dry run would send)
 * @param bytesSent bytes of the tar stream actually written to the host (0 in a dry run); less than
 *     {@code bytesPlanned} plus headers when files staged by an interrupted run were reused
 * @param filesSent files and links written to the host (or that would be, in a dry run)
 * @param filesRemoved files and links removed because the image no longer has them
 * @param filesKept files and links that were already in place
 * @param dryRun whether nothing was changed on the host
 * @param failure why the host failed, or null if it succeeded
 */
public record HostDistribution(
    String host,
    long bytesPlanned,
    long bytesSent,
    int filesSent,
    int filesRemoved,
    int filesKept,
    boolean dryRun,
    @Nullable HostException failure) {

  /** Validates the parts. */
  public HostDistribution {
    Objects.requireNonNull(host, "host");
  }

  /** A host that failed before or while its files were sent. */
  public static HostDistribution failed(String host, long bytesSent, HostException failure) {
    return new HostDistribution(host, 0, bytesSent, 0, 0, 0, false, failure);
  }

  /** True if the host holds the image (or, in a dry run, was planned) without failure. */
  public boolean succeeded() {
    return failure == null;
  }
}
