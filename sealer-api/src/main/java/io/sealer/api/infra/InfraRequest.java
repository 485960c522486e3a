package io.sealer.api.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to make: an environment name, how many hosts (or which addresses), and provider options.
 *
 * <p>Options are plain settings, never secrets. Known keys:
 *
 * <ul>
 *   <li>{@code local}: {@code subnet} (a private {@code A.B.C.0/24}; default: the first free one of
 *       10.240.0.0/24 ... 10.249.255.0/24). The state lives in {@code <root>/infra/<name>}.
 *   <li>{@code baremetal}: {@code user} (default root), {@code port} (default 22), {@code
 *       privateKey} (a key file), {@code knownHosts} (a known_hosts file)
 * </ul>
 *
 * @param name the environment's name: a lower-case letter then up to 9 letters or digits; it
 *     prefixes everything the provider makes
 * @param count the number of hosts (for {@code baremetal}: 0 or the number of addresses)
 * @param addresses the hosts' addresses, for providers that do not make hosts
 * @param options provider options, see above
 */
public record InfraRequest(
    String name, int count, List<String> addresses, Map<String, String> options) {

  /** The default environment name. */
  public static final String DEFAULT_NAME = "sealer";

  /** Validates the parts. */
  public InfraRequest {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9]{0,9}")) {
      throw new IllegalArgumentException(
          "environment name '"
              + name
              + "' must be a lower-case letter followed by up to 9 letters or digits");
    }
    if (count < 0) {
      throw new IllegalArgumentException("host count must not be negative: " + count);
    }
    addresses = List.copyOf(addresses);
    options = Map.copyOf(options);
  }

  /** {@code count} hosts in the environment {@code name}, no options. */
  public static InfraRequest ofCount(String name, int count) {
    return new InfraRequest(name, count, List.of(), Map.of());
  }

  /** The given hosts under the environment {@code name}, no options. */
  public static InfraRequest ofAddresses(String name, List<String> addresses) {
    return new InfraRequest(name, addresses.size(), addresses, Map.of());
  }

  /** A copy with one more option. */
  public InfraRequest withOption(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new InfraRequest(name, count, addresses, copy);
  }
}
