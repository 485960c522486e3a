package io.sealer.api.host;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and log in to one host. {@link #toString()} never shows the password or the key
 * passphrase.
 *
 * @param address the host's IP address (or name), as given by the user
 * @param port the SSH port
 * @param user the login user; commands of a user other than {@code root} run through {@code sudo}
 * @param password the login password (also fed to {@code sudo} on its stdin), or null
 * @param privateKey a private key file on this machine, or null
 * @param passphrase the private key's passphrase, or null
 */
public record HostAccess(
    String address,
    int port,
    String user,
    @Nullable String password,
    @Nullable Path privateKey,
    @Nullable String passphrase) {

  /** Validates the parts. */
  public HostAccess {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(user, "user");
    if (address.isBlank()) {
      throw new IllegalArgumentException("empty host address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSH port out of range: " + port);
    }
  }

  /** Root on port 22 with a password. */
  public static HostAccess withPassword(String address, String password) {
    return new HostAccess(address, 22, "root", password, null, null);
  }

  /** True if commands must be run through {@code sudo}. */
  public boolean needsSudo() {
    return !"root".equals(user);
  }

  @Override
  public String toString() {
    return "HostAccess["
        + user
        + "@"
        + address
        + ":"
        + port
        + (password == null ? "" : ", password=***")
        + (privateKey == null ? "" : ", privateKey=" + privateKey)
        + (passphrase == null ? "" : ", passphrase=***")
        + "]";
  }
}
