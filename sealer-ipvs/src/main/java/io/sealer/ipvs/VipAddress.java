package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import java.util.List;

/**
 * Puts the VIP on the host's loopback interface ({@code ip addr replace VIP/32 dev lo}) for the
 * nftables backend, so that it is a local address with a route whatever the host's routing table
 * holds: the host's own processes can dial it and nftables' output hook rewrites their connections.
 * Loopback is used because this kernel has no {@code dummy} interface type.
 */
final class VipAddress {
  private static final String DEVICE = "lo";

  private final CommandRunner runner;

  VipAddress(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * Adds the VIP's address if it is missing.
   *
   * @return true if it was added, false if it was there already
   */
  boolean ensure(Endpoint vip) {
    if (present(vip)) {
      return false;
    }
    CommandResult result =
        runner.run(List.of("ip", "addr", "replace", cidr(vip), "dev", DEVICE), null);
    if (!result.succeeded()) {
      throw LoadBalancerException.of("add the VIP " + vip.ip() + " to " + DEVICE, result);
    }
    return true;
  }

  /**
   * Removes the VIP's address if it is there.
   *
   * @return true if it was removed
   */
  boolean remove(Endpoint vip) {
    if (!present(vip)) {
      return false;
    }
    CommandResult result = runner.run(List.of("ip", "addr", "del", cidr(vip), "dev", DEVICE), null);
    if (!result.succeeded()) {
      throw LoadBalancerException.of("remove the VIP " + vip.ip() + " from " + DEVICE, result);
    }
    return true;
  }

  /** True if the VIP is on the loopback interface. */
  boolean present(Endpoint vip) {
    CommandResult result =
        runner.run(
            List.of("ip", "-o", vip.isIpv6() ? "-6" : "-4", "addr", "show", "dev", DEVICE), null);
    if (!result.succeeded()) {
      throw LoadBalancerException.of("read the addresses of " + DEVICE, result);
    }
    String wanted = cidr(vip);
    return result.stdout().lines().anyMatch(line -> List.of(line.split("\\s+")).contains(wanted));
  }

  static String cidr(Endpoint vip) {
    return vip.ip() + (vip.isIpv6() ? "/128" : "/32");
  }
}
