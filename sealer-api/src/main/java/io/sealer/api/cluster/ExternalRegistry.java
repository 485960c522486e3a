package io.sealer.api.cluster;

import org.jspecify.annotations.Nullable;

/**
 * {@code spec.registry.externalRegistry}: an existing registry the cluster pulls from instead of
 * (or besides) the local one. {@link #toString()} hides the password.
 *
 * @param domain the domain, required
 * @param port the port, or null for the scheme's default
 * @param username the user, or null
 * @param password the password, or null
 */
public record ExternalRegistry(
    String domain, @Nullable Integer port, @Nullable String username, @Nullable String password) {

  /** {@code domain} or {@code domain:port}. */
  public String url() {
    return port == null ? domain : domain + ":" + port;
  }

  @Override
  public String toString() {
    return "ExternalRegistry[" + url() + ", username=" + username + "]";
  }
}
