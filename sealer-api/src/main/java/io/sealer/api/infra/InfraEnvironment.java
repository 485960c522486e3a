package io.sealer.api.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A named set of hosts made or listed by one provider.
 *
 * @param name the environment's name
 * @param provider the provider's name
 * @param hosts the hosts in order (the first ones are the natural masters)
 * @param subnet the hosts' network, e.g. {@code 10.240.0.0/24}, or null if the provider did not
 *     choose it
 * @param gateway this machine's address as the hosts reach it (a service bound there is reachable
 *     from every host), or null
 * @param stateDir where the provider keeps the environment's files (keys, password, known_hosts),
 *     or null if it keeps none
 */
public record InfraEnvironment(
    String name,
    String provider,
    List<ProvisionedHost> hosts,
    @Nullable String subnet,
    @Nullable String gateway,
    @Nullable Path stateDir) {

  /** Validates the parts. */
  public InfraEnvironment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    hosts = List.copyOf(hosts);
  }
}
