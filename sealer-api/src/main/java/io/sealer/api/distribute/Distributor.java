package io.sealer.api.distribute;

/**
 * Copies a rootfs directory to hosts, sending each host only what it does not already hold. Each
 * host keeps a record of what it holds beside the target directory; a run compares the image with
 * that record and with the host's actual files, sends what is missing or different as one tar
 * stream, checks every file's digest on the host before moving it into place, and removes what the
 * image no longer has. An interrupted run resumes: files already on the host (or staged and
 * verified) are not sent again.
 *
 * <p>A failure on one host never stops the others; it is reported in that host's outcome.
 */
public interface Distributor {

  /**
   * Distributes {@link DistributionRequest#rootfs()} to every host of the request.
   *
   * @return one outcome per host, in the order of the request's hosts
   * @throws io.sealer.api.SealerException if the local rootfs cannot be read (nothing is sent then)
   */
  DistributionReport distribute(DistributionRequest request);
}
