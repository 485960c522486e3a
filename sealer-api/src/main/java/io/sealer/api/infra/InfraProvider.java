package io.sealer.api.infra;

import java.util.Optional;

/**
 * Makes, finds and removes named environments of hosts. Implementations are thread-safe; the ones
 * that change this machine serialise their work on one environment across processes.
 */
public interface InfraProvider {

  /** The provider's name as the user types it, e.g. {@code local} or {@code baremetal}. */
  String name();

  /**
   * Makes the environment {@link InfraRequest#name()} hold exactly the requested hosts and returns
   * them running. Idempotent: healthy hosts are kept, broken ones are made again, hosts beyond the
   * requested count are removed.
   *
   * @throws io.sealer.api.SealerException if a host cannot be made; the message names it
   * @throws IllegalArgumentException if the request has an option this provider does not know
   */
  InfraEnvironment up(InfraRequest request);

  /**
   * The environment as it is now, each host's {@link ProvisionedHost#running()} checked; empty if
   * this provider has no environment of that name.
   */
  Optional<InfraEnvironment> status(String name);

  /**
   * Removes everything this provider made for the environment, also when its state was lost, and
   * nothing else.
   *
   * @return true if anything was removed
   */
  boolean down(String name);
}
