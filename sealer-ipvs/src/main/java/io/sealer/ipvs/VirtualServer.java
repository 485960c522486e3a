package io.sealer.ipvs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A virtual server: new TCP connections to {@code vip} are spread round-robin over {@code
 * realServers}. Real servers keep the order given, without duplicates; all of them have the VIP's
 * address family.
 *
 * @param vip the virtual address and port clients connect to
 * @param realServers where connections go; may be empty (then connections to the VIP fail)
 */
public record VirtualServer(Endpoint vip, List<Endpoint> realServers) {

  /** Validates and copies the parts. */
  public VirtualServer {
    Objects.requireNonNull(vip, "vip");
    realServers = List.copyOf(new LinkedHashSet<>(realServers));
    for (Endpoint rs : realServers) {
      if (rs.isIpv6() != vip.isIpv6()) {
        throw new IllegalArgumentException(
            "real server " + rs + " is not of the same address family as the VIP " + vip);
      }
      if (rs.equals(vip)) {
        throw new IllegalArgumentException("real server " + rs + " is the VIP itself");
      }
    }
  }

  /** A virtual server from text: {@code IP:PORT} and a list of {@code IP:PORT}. */
  public static VirtualServer parse(String vip, List<String> realServers) {
    List<Endpoint> rs = new ArrayList<>();
    for (String text : realServers) {
      rs.add(Endpoint.parse(text));
    }
    return new VirtualServer(Endpoint.parse(vip), rs);
  }

  /** This virtual server with other real servers. */
  public VirtualServer withRealServers(List<Endpoint> newRealServers) {
    return new VirtualServer(vip, newRealServers);
  }
}
