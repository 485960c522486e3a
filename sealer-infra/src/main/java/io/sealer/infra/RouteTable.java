package io.sealer.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * This machine's IPv4 routes as {@code ip -4 -o route show table all} prints them, asked one
 * question: does anything other than our own bridge already use a network?
 */
final class RouteTable {
  private static final Set<String> ROUTE_TYPES =
      Set.of(
          "unicast",
          "local",
          "broadcast",
          "multicast",
          "throw",
          "unreachable",
          "prohibit",
          "blackhole",
          "nat",
          "anycast");

  /** One route: where it goes, the device it uses (or "" if none), and the line as printed. */
  record Route(Ipv4Cidr destination, String device, String line) {}

  private final List<Route> routes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /**
   * Parses the output of {@code ip -4 -o route show table all}; lines it cannot read are skipped.
   */
  static RouteTable parse(String output) {
    List<Route> routes = new ArrayList<>();
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      int i = ROUTE_TYPES.contains(words[0]) ? 1 : 0;
      if (i >= words.length || words[i].equals("default")) {
        continue;
      }
      Ipv4Cidr destination;
      try {
        destination = Ipv4Cidr.parse(words[i]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      String device = "";
      for (int w = i + 1; w + 1 < words.length; w++) {
        if (words[w].equals("dev")) {
          device = words[w + 1];
          break;
        }
      }
      routes.add(new Route(destination, device, line));
    }
    return new RouteTable(routes);
  }

  /**
   * The routes that overlap {@code subnet} and do not belong to {@code ownDevice}. A default route
   * is never a conflict; a wider route (a VPN's 10.0.0.0/8) or a narrower one is.
   */
  List<Route> conflicts(Ipv4Cidr subnet, String ownDevice) {
    List<Route> found = new ArrayList<>();
    for (Route route : routes) {
      if (route.destination().prefix() > 0
          && route.destination().overlaps(subnet)
          && (ownDevice.isEmpty() || !route.device().equals(ownDevice))) {
        found.add(route);
      }
    }
    return found;
  }

  /** True if any route other than a default one overlaps {@code subnet}, whatever its device. */
  boolean isUsed(Ipv4Cidr subnet) {
    return !conflicts(subnet, "").isEmpty();
  }
}
