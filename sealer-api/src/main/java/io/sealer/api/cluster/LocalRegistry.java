package io.sealer.api.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec.registry.localRegistry}: the registry Sealer runs on the masters, serving the image's
 * cached container images. {@link #toString()} hides the password.
 *
 * @param domain the domain, default {@code sea.hub}
 * @param port the port, default 5000
 * @param username the user for basic auth, or null for none
 * @param password the password for basic auth, or null
 * @param ha whether it runs on every master (default true) or on master0 only
 * @param insecure whether it serves plain HTTP (default false)
 * @param certDnsNames extra DNS names of its certificate
 * @param certIps extra IPs of its certificate
 */
public record LocalRegistry(
    String domain,
    int port,
    @Nullable String username,
    @Nullable String password,
    boolean ha,
    boolean insecure,
    List<String> certDnsNames,
    List<String> certIps) {

  /** The default domain. */
  public static final String DEFAULT_DOMAIN = "sea.hub";

  /** The default port. */
  public static final int DEFAULT_PORT = 5000;

  /** The registry with every default: {@code sea.hub:5000}, HA, TLS. */
  public static final LocalRegistry DEFAULT =
      new LocalRegistry(
          DEFAULT_DOMAIN, DEFAULT_PORT, null, null, true, false, List.of(), List.of());

  /** Copies the lists. */
  public LocalRegistry {
    certDnsNames = List.copyOf(certDnsNames);
    certIps = List.copyOf(certIps);
  }

  /** {@code domain:port}. */
  public String url() {
    return domain + ":" + port;
  }

  @Override
  public String toString() {
    return "LocalRegistry["
        + url()
        + ", username="
        + username
        + ", ha="
        + ha
        + ", insecure="
        + insecure
        + "]";
  }
}
