package io.sealer.api.registry;

import java.util.Objects;

/**
 * Credentials for one registry, given for one operation rather than saved (e.g. the sections of
 * {@code sealer build --image-list-with-auth}).
 *
 * @param registry the registry host, with port if any ({@code docker.io} for Docker Hub)
 * @param username the user name
 * @param password the password; never part of {@link #toString()}
 */
public record RegistryLogin(String registry, String username, String password) {

  /** Validates the parts. */
  public RegistryLogin {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** The login without its password. */
  @Override
  public String toString() {
    return "RegistryLogin[registry=" + registry + ", username=" + username + "]";
  }
}
