package io.sealer.infra;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that names what the {@code local} provider makes on this machine. Every name starts
 * with the environment's name, so that {@code down} can find what an environment made and leave
 * everything else alone.
 *
 * <ul>
 *   <li>host {@code i} (1-based): hostname, network namespace and the bridge-side veth are all
 *       {@code <env>-<i>}; its address is {@code .(10+i)} of the subnet
 *   <li>bridge: {@code <env>-br}, address {@code .1} of the subnet
 *   <li>nftables table: {@code inet sealer_infra_<env>}
 * </ul>
 *
 * Environment names are at most 10 characters so that every link name fits Linux's 15.
 */
final class LocalNames {
  /** The most hosts one environment can have (addresses .11 to .210). */
  static final int MAX_HOSTS = 200;

  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9]{0,9}");

  private final String environment;
  private final Pattern hostPattern;

  LocalNames(String environment) {
    if (!ENVIRONMENT.matcher(environment).matches()) {
      throw new IllegalArgumentException(
          "environment name '"
              + environment
              + "' must be a lower-case letter followed by up to 9 letters or digits");
    }
    this.environment = environment;
    this.hostPattern = Pattern.compile(Pattern.quote(environment) + "-([1-9][0-9]{0,2})");
  }

  String environment() {
    return environment;
  }

  /** The name of host {@code index} (1-based). */
  String host(int index) {
    if (index < 1 || index > MAX_HOSTS) {
      throw new IllegalArgumentException("host index out of range: " + index);
    }
    return environment + "-" + index;
  }

  /** The host's index if {@code name} is one of this environment's hosts (exactly). */
  OptionalInt hostIndex(String name) {
    Matcher m = hostPattern.matcher(name);
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    int index = Integer.parseInt(m.group(1));
    return index <= MAX_HOSTS ? OptionalInt.of(index) : OptionalInt.empty();
  }

  /** The bridge all hosts hang on. */
  String bridge() {
    return environment + "-br";
  }

  /** True if {@code link} is a link this environment makes (the bridge or a host's veth). */
  boolean ownsLink(String link) {
    return link.equals(bridge()) || hostIndex(link).isPresent();
  }

  /** The nftables table (family inet) that keeps the subnet's traffic on this machine. */
  String nftTable() {
    return "sealer_infra_" + environment;
  }

  /** The address of host {@code index} in {@code subnet}. */
  static String hostAddress(Ipv4Cidr subnet, int index) {
    return subnet.addressAt(10 + index);
  }

  /**
   * The MAC address of the interface holding {@code address}: locally administered and derived from
   * the address, so a host made again (or the bridge) keeps its MAC and no neighbour cache on the
   * bridge goes stale.
   */
  static String mac(String address) {
    int ip = Ipv4Cidr.parseAddress(address);
    return String.format(
        "02:5e:%02x:%02x:%02x:%02x", ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255);
  }

  /** The bridge's address in {@code subnet}: the hosts' gateway. */
  static String gateway(Ipv4Cidr subnet) {
    return subnet.addressAt(1);
  }
}
