package io.sealer.api.infra;

import io.sealer.api.host.HostAccess;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One host of an environment and how to log in to it.
 *
 * @param name the host's name (its hostname for {@code local}; the address for {@code baremetal})
 * @param access address, SSH port, user, and password and/or private key; pass it to a {@link
 *     io.sealer.api.host.HostConnector}. Its {@code toString()} hides the password.
 * @param knownHosts a known_hosts file that holds this host's keys (for strict host key checking),
 *     or null if the provider does not know them
 * @param running true if the host answered when this value was made ({@code baremetal} does not
 *     check and says true)
 */
public record ProvisionedHost(
    String name, HostAccess access, @Nullable Path knownHosts, boolean running) {

  /** Validates the parts. */
  public ProvisionedHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(access, "access");
  }

  /** The host's address, as in {@link HostAccess#address()}. */
  public String address() {
    return access.address();
  }
}
